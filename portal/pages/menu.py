"""The account menu: a personal part of every page (core/cache.py).

A signed-in person's menu depends only on the page (language and endpoint) and on three
of their rights, so each combination is rendered once per worker and the person's CSRF
token is put into the sign-out form: a kept public page then costs a signed-in reader
little more than an anonymous one.
"""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from portal.accounts.rules import is_admin
from portal.core.cache import personal_part_renderer
from portal.core.i18n import current_language
from portal.delegations.rules import can_use_workspace
from portal.members.rules import member_delegation_ids

_FORM_SLOT = "sign-out-form-slot-7d1e"
_MENUS: dict[tuple[Any, ...], str] = {}  # languages x endpoints x 8 rights: bounded below
_MAX_MENUS = 2048  # ~2 KB each; far above what the site's pages need


@personal_part_renderer("account-nav")
def account_nav() -> str:
    """The account menu of this person (or the sign-in links)."""
    if not current_user.is_authenticated:
        return render_template("layout/_account_nav.html")
    key = (
        request.script_root,
        current_language(),
        request.endpoint,
        can_use_workspace(current_user),
        bool(member_delegation_ids(current_user)),
        is_admin(current_user),
    )
    menu = _MENUS.get(key)
    if menu is None:
        if len(_MENUS) >= _MAX_MENUS:  # only odd script roots can get here: start again
            _MENUS.clear()
        menu = _MENUS[key] = render_template(
            "layout/_account_nav.html", csrf_token=lambda: _FORM_SLOT
        )
    return menu.replace(_FORM_SLOT, generate_csrf())
