"""Volunteer roles ("openings" in code, so that "role" keeps meaning a person's rights)."""
