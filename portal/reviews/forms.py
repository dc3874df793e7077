"""Forms of the review workspace."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectMultipleField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from portal.core.forms import (
    OneLineField,
    PerLanguage,
    SubForm,
    TranslatedForm,
    select_choices,
)


class ReviewForm(FlaskForm):
    score = RadioField(
        _l("Score"),
        coerce=int,
        validators=[InputRequired(message=_l("Give a score from 1 to 5."))],
    )
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=4000)])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        labels = {1: _l("1: not suitable"), 3: _l("3: possible"), 5: _l("5: excellent")}
        self.score.choices = select_choices((n, labels.get(n, str(n))) for n in range(1, 6))


class AssignForm(FlaskForm):
    reviewers = SelectMultipleField(
        _l("Reviewers"),
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )


class DecisionForm(FlaskForm):
    note = TextAreaField(
        _l("Note for the team (not sent to the applicant)"),
        validators=[Optional(), Length(max=2000)],
    )


class NoticeForm(FlaskForm):
    subject = OneLineField(
        _l("Subject"), validators=[InputRequired(message=_l("Write a subject.")), Length(max=250)]
    )
    body = TextAreaField(
        _l("Message"),
        validators=[InputRequired(message=_l("Write the message.")), Length(max=10000)],
    )


class BulkDeclineForm(FlaskForm):
    note = TextAreaField(
        _l("Note for the team (not sent to the applicants)"),
        validators=[Optional(), Length(max=2000)],
    )
    send_now = BooleanField(_l("Send the decline e-mails now (otherwise keep them to review)"))


class WordingTextForm(SubForm):
    """One language's wording of a decision message."""

    subject = OneLineField(_l("Subject"), validators=[Optional(), Length(max=250)])
    body = TextAreaField(_l("Text"), validators=[Optional(), Length(max=10000)])


class WordingForm(TranslatedForm):
    texts = PerLanguage(WordingTextForm, filled_by=("subject", "body"))
