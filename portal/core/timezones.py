"""Time zones people can pick: the current IANA zones (no deprecated aliases such as
"US/Eastern" or "Europe/Kiev"), grouped by region, named in the reader's language."""

from __future__ import annotations

import zoneinfo
from pathlib import Path
from typing import Any

from babel.dates import get_timezone_location
from flask_babel import lazy_gettext as _l

from portal.core.i18n import current_language

REGIONS = {
    "Africa": _l("Africa"),
    "America": _l("Americas"),
    "Antarctica": _l("Antarctica"),
    "Asia": _l("Asia"),
    "Atlantic": _l("Atlantic Ocean"),
    "Australia": _l("Australia"),
    "Europe": _l("Europe"),
    "Indian": _l("Indian Ocean"),
    "Pacific": _l("Pacific Ocean"),
}


def current_zones() -> list[str]:
    """The zones of the tz database's zone1970.tab (its list of current zones), or the
    available zones of the known regions when that file is missing."""
    for folder in zoneinfo.TZPATH:
        table = Path(folder) / "zone1970.tab"
        if table.exists():
            lines = table.read_text(encoding="utf-8").splitlines()
            return sorted(
                {line.split("\t")[2] for line in lines if line and not line.startswith("#")}
            )
    return sorted(zone for zone in zoneinfo.available_timezones() if zone.split("/")[0] in REGIONS)


def timezone_choices(keep: str | None = None) -> dict[str, list[tuple[str, str]]]:
    """{region: [(zone, "City (Region/City)")]} for a grouped select; `keep` (a stored
    value, even an old alias) stays choosable."""
    locale = current_language()
    groups: dict[str, list[tuple[str, str]]] = {}
    zones = current_zones()
    if keep and keep not in zones and keep in zoneinfo.available_timezones():
        zones = [keep, *zones]  # a real zone, even an old alias, never a submitted "0"
    for zone in zones:
        region = REGIONS.get(zone.split("/")[0])
        label: Any = region if region is not None else _l("Other")
        city = get_timezone_location(zone, locale=locale, return_city=True)
        groups.setdefault(str(label), []).append((zone, f"{city} ({zone})"))
    return groups
