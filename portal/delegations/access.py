"""Loading the delegation of a workspace page for the signed-in person, by their right."""

from __future__ import annotations

from portal.delegations.models import Delegation
from portal.delegations.queries import load_delegation
from portal.delegations.rules import can_manage_delegation, can_review_in


def managed_delegation(slug: str) -> Delegation:
    """The delegation at `slug` if the person leads it (or is an admin); 404 otherwise."""
    return load_delegation(slug, can_manage_delegation)


def reviewed_delegation(slug: str) -> Delegation:
    """The delegation at `slug` if the person reviews for it (or is an admin); else 404."""
    return load_delegation(slug, can_review_in)
