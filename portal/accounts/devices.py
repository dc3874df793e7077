"""What a person recognises of a browser: "Firefox on Windows", from its user agent."""

from __future__ import annotations

from functools import lru_cache

from flask_babel import gettext as _
from ua_parser import parse


@lru_cache(maxsize=512)
def _families(user_agent: str) -> tuple[str, str]:
    found = parse(user_agent)
    browser = found.user_agent.family if found.user_agent else ""
    system = found.os.family if found.os else ""
    if found.device and found.device.family not in ("Other", "Spider") and system in ("", "Other"):
        system = found.device.family
    return ("" if browser == "Other" else browser, "" if system == "Other" else system)


def describe(user_agent: str) -> str:
    """The browser and its system in words, or "An unknown browser"."""
    browser, system = _families((user_agent or "")[:300])
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    return browser or system or _("An unknown browser")
