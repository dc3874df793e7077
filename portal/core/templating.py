"""Jinja filters and globals shared by every template."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime as babel_format_datetime
from babel.dates import get_timezone_location
from babel.units import format_unit
from flask import Flask, current_app, render_template, request, session, url_for
from flask_babel import format_date, format_datetime, format_decimal, format_time, get_locale
from markupsafe import Markup

from portal.core.cache import personal_part, personal_part_renderer
from portal.core.clock import utcnow
from portal.core.enums import LabelledEnum
from portal.core.i18n import current_language
from portal.core.text import sanitise_html
from portal.core.urls import absolute_url, carried_query, link_pattern

LONG_DATE = "d MMMM y"  # "28 November 2026" / "28 novembre 2026"


def _first_of_the_month(written: str) -> str:
    """French writes the first day of a month "1er" (le 1er mars, mardi 1er mars)."""
    if str(get_locale()) != "fr":
        return written
    return re.sub(r"(?:^|(?<=\s))1(?=\s)", "1er", written)


def long_date(value: date | datetime | None) -> str:
    """A date written out for the page's language, in the site's time zone."""
    if value is None:
        return ""
    return _long_date(value, current_language(), current_app.config["BABEL_DEFAULT_TIMEZONE"])


@lru_cache(maxsize=4096)
def _long_date(value: date | datetime, _language: str, _zone: str) -> str:
    """Written once per (value, language, zone): a list of 25 rows asked Babel 25 times."""
    written = (
        format_datetime(value, LONG_DATE)
        if isinstance(value, datetime)
        else format_date(value, LONG_DATE)
    )
    return _first_of_the_month(written).replace(" ", "\u00a0")  # never broken across lines


def clock_time(value: datetime) -> str:
    """A time of day for the page's language, in the site's time zone ("14:05")."""
    return format_time(value, "HH:mm")


def iso_date(value: date | datetime | None) -> str:
    """The machine-readable value for a <time datetime="..."> attribute."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def zoned_time(value: datetime | None, zone: str, pattern: str = "EEEE d MMMM y, HH:mm") -> str:
    """A stored (naive UTC) time written out in time zone `zone` and the page's language
    ("Tuesday 3 March 2026, 10:00")."""
    if value is None:
        return ""
    written = babel_format_datetime(
        value.replace(tzinfo=UTC), pattern, tzinfo=ZoneInfo(zone), locale=get_locale()
    )
    return _first_of_the_month(written)


def parse_iso(value: str) -> datetime | None:
    """A time kept as ISO text (the audit trail's details) back as a datetime."""
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def zone_name(zone: str) -> str:
    """A time zone as people say it, in the page's language ("Paris", "New York")."""
    return get_timezone_location(zone, locale=get_locale(), return_city=True)


def decimal(value: float | None) -> str:
    """A number with one decimal, written for the page's language ("3.5", "3,5")."""
    return "" if value is None else format_decimal(value, format="0.0")


def number(value: float | None) -> str:
    """A number written for the page's language ("4,000", "4 000")."""
    return "" if value is None else format_decimal(value)


def file_size(size: int) -> str:
    """A file size in kilobytes or megabytes, in the page's language ("12 kB", "12 ko")."""
    kilobytes = size / 1000
    unit, value = ("kilobyte", kilobytes) if kilobytes < 1000 else ("megabyte", kilobytes / 1000)
    return format_unit(
        value, f"digital-{unit}", length="short", format="#,##0.#", locale=get_locale()
    )


def status_badge(status: LabelledEnum) -> Markup:
    """Any status of the portal (a LabelledEnum member): its label, in the tone of its
    badge. A function rather than a macro: list rows show one each, and a macro call
    costs about 20 µs."""
    tone = f" badge--{status.tone}" if status.tone else ""
    return Markup('<span class="badge{}">{}</span>').format(tone, status.label)


def sanitised(markup: str | None) -> Markup:
    """Stored HTML goes through the sanitiser again on its way out: defence in depth."""
    return Markup(sanitise_html(markup or ""))  # noqa: S704 - sanitised


def url_for_page(number: int) -> str:
    """The current list page with ?page=number, other query arguments kept."""
    values: dict[str, Any] = dict(request.view_args or {})
    values.update(carried_query())
    values["page"] = number
    return url_for(request.endpoint or "pages.home", **values)


@personal_part_renderer("flashes")
def flashes() -> str:
    """The messages flashed to this person (most pages have none: nothing to render)."""
    if "_flashes" not in session:
        return ""
    return render_template("layout/_flashes.html")


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters.update(
        long_date=long_date,
        clock_time=clock_time,
        iso_date=iso_date,
        sanitised=sanitised,
        decimal=decimal,
        number=number,
        file_size=file_size,
        zoned_time=zoned_time,
        parse_iso=parse_iso,
    )
    app.jinja_env.globals.update(
        url_for_page=url_for_page,
        carried_query=carried_query,
        link_pattern=link_pattern,
        utcnow=utcnow,
        absolute_url=absolute_url,
        zone_name=zone_name,
        personal_part=personal_part,
        status_badge=status_badge,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
