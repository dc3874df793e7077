"""Forms of interview scheduling."""

from __future__ import annotations

import re
from datetime import time
from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, TextAreaField, URLField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from portal.core.forms import MultiCheckboxField, OneLineField
from portal.core.validation import BoundedDateField, BoundedIntegerField

_TIME = re.compile(r"^([01]?\d|2[0-3])[:hH.]([0-5]\d)$")


def parse_times(text: str) -> list[time]:
    """ "10:00, 10:45 14h30" as times; ValueError names the first that is not one."""
    times = []
    for piece in re.split(r"[,;\s]+", text.strip()):
        if not piece:
            continue
        match = _TIME.match(piece)
        if match is None:
            raise ValueError(piece)
        times.append(time(int(match.group(1)), int(match.group(2))))
    return times


class OfferSlotsForm(FlaskForm):
    opening = SelectField(_l("Volunteer role"), coerce=int)
    day = BoundedDateField(_l("Day"), validators=[InputRequired(message=_l("Choose a day."))])
    times = OneLineField(
        _l("Start times"),
        validators=[
            DataRequired(message=_l("Give at least one start time, like 10:00.")),
            Length(max=300),
        ],
    )
    duration = BoundedIntegerField(
        _l("Length in minutes"),
        default=45,
        validators=[
            InputRequired(message=_l("Give the length in minutes.")),
            NumberRange(min=5, max=480, message=_l("Between 5 and 480 minutes.")),
        ],
    )
    location = OneLineField(_l("Place"), validators=[Optional(), Length(max=300)])
    video_url = URLField(
        _l("Video link"),
        validators=[Optional(), Length(max=500)],
        filters=[lambda v: (v or "").strip()],
    )
    interviewers = MultiCheckboxField(_l("Who attends from the team"), coerce=int)

    def validate_times(self, field: Any) -> None:
        try:
            parsed = parse_times(field.data or "")
        except ValueError as error:
            raise ValidationError(
                _l("“%(value)s” is not a time: write times like 10:00 or 14:30.", value=str(error))
            ) from error
        if len(parsed) > 20:
            raise ValidationError(_l("At most 20 times at once."))

    def validate_video_url(self, field: Any) -> None:
        link = field.data or ""
        if not link:
            return
        parts = urlsplit(link)
        if (
            parts.scheme not in ("https", "http")
            or not parts.netloc
            or re.search(r"[\s\"'<>]", link)
        ):
            raise ValidationError(_l("Give the full link, starting with https://."))


class BookForm(FlaskForm):
    slot = RadioField(
        _l("Interview time"), coerce=int, validators=[InputRequired(message=_l("Choose a time."))]
    )


class OtherTimesForm(FlaskForm):
    message = TextAreaField(
        _l("Which days and times would suit you?"),
        validators=[
            DataRequired(message=_l("Say which days and times would suit you.")),
            Length(max=1000),
        ],
    )


class OutcomeForm(FlaskForm):
    """CSRF for the lead's small buttons (withdraw, held, no-show)."""
