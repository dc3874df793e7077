"""Forms of the members' space and of its lead pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.core.forms import (
    LabelTextForm,
    OneLineField,
    PerLanguage,
    SubForm,
    TranslatedForm,
    select_choices,
)
from portal.core.validation import BoundedDateField, BoundedIntegerField
from portal.delegations.enums import Notify

MARKDOWN_HELP = _l(
    "## for a heading, *italics*, **bold**, - for a list, > for a quote, "
    "[text](https://...) for a link."
)


class StepForm(TranslatedForm):
    """A step of the onboarding checklist."""

    labels = PerLanguage(
        LabelTextForm, filled_by=("text",), required=_l("Name the step in at least one language.")
    )
    lead_verifies = BooleanField(_l("A lead ticks it after checking"))
    document = SelectField(_l("Document to read or fill in"), coerce=int, default=0)


class TypeForm(TranslatedForm):
    """A kind of accreditation."""

    labels = PerLanguage(
        LabelTextForm,
        filled_by=("text",),
        required=_l("Name the accreditation in at least one language."),
    )
    issuer = OneLineField(_l("Issued by"), validators=[Optional(), Length(max=120)])


class AccreditationForm(FlaskForm):
    """A member's accreditation of one kind."""

    number = OneLineField(_l("Number"), validators=[Optional(), Length(max=60)])
    issuer = OneLineField(_l("Issued by"), validators=[Optional(), Length(max=120)])
    valid_from = BoundedDateField(_l("Valid from"), validators=[Optional()])
    valid_until = BoundedDateField(
        _l("Valid until"),
        validators=[InputRequired(message=_l("Give the last day it is valid."))],
    )
    scan = FileField(
        _l("Scan or photo"),
        description=_l("PDF, JPEG or PNG, at most 5 MB."),
        render_kw={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"},
    )
    kept_scan = HiddenField()  # the id of a scan chosen before the form came back
    kept_name = ""  # and its name, shown beside the field
    remove_scan = BooleanField(_l("Remove the scan"))


class MeetingTextForm(SubForm):
    """A session's texts in one language."""

    body = OneLineField(
        _l("Institution or body"),
        validators=[Optional(), Length(max=120)],
        description=_l("For example: Human Rights Council"),
    )
    title = OneLineField(
        _l("Title"),
        validators=[Optional(), Length(max=200)],
        description=_l("For example: 62nd regular session"),
    )
    place = OneLineField(_l("Place"), validators=[Optional(), Length(max=160)])
    details = TextAreaField(
        _l("What representatives should know"), validators=[Optional(), Length(max=4000)]
    )


class MeetingForm(TranslatedForm):
    texts = PerLanguage(
        MeetingTextForm,
        filled_by=("title",),
        required=_l("Give the session a title in at least one language."),
    )
    starts_on = BoundedDateField(
        _l("First day"), validators=[InputRequired(message=_l("Give the first day."))]
    )
    ends_on = BoundedDateField(
        _l("Last day"), validators=[InputRequired(message=_l("Give the last day."))]
    )
    accreditation_type = SelectField(_l("Accreditation needed"), coerce=int, default=0)
    designation_deadline = BoundedDateField(_l("Designation deadline"), validators=[Optional()])
    places = BoundedIntegerField(
        _l("Places for representatives"),
        default=2,
        validators=[
            InputRequired(message=_l("Give the number of places.")),
            NumberRange(min=1, max=100, message=_l("Between 1 and 100.")),
        ],
    )


class ReportForm(FlaskForm):
    report = TextAreaField(
        _l("Report (Markdown)"),
        validators=[Optional(), Length(max=20000)],
        description=MARKDOWN_HELP,
    )
    locale = SelectField(_l("Written in"))


class AttendForm(FlaskForm):
    note = OneLineField(
        _l("A note for the leads (optional)"),
        validators=[Optional(), Length(max=300)],
        description=_l("For example: I can attend the first week only."),
    )


class AnnouncementTextForm(SubForm):
    title = OneLineField(_l("Title"), validators=[Optional(), Length(max=200)])
    body = TextAreaField(
        _l("Text (Markdown)"), validators=[Optional(), Length(max=20000)], description=MARKDOWN_HELP
    )


class AnnouncementForm(TranslatedForm):
    texts = PerLanguage(
        AnnouncementTextForm,
        filled_by=("title",),
        required=_l("Give the announcement a title in at least one language."),
    )


class DocumentForm(TranslatedForm):
    labels = PerLanguage(
        LabelTextForm,
        filled_by=("text",),
        required=_l("Give the document a title in at least one language."),
    )
    file = FileField(
        _l("File"),
        description=_l("PDF, DOCX or ODT, at most 5 MB."),
        render_kw={"accept": ".pdf,.docx,.odt"},
    )
    kept_file = HiddenField()  # the id of a file chosen before the form came back
    kept_name = ""  # and its name, shown beside the field


class PreferencesForm(FlaskForm):
    shares_email = BooleanField(_l("Show my e-mail address to the team"))
    shares_phone = BooleanField(_l("Show my phone number to the team"))
    notify = RadioField(
        _l("Announcements by e-mail"),
        # The lazy labels, so that each page shows them in its reader's language.
        choices=select_choices((item.value, item._label) for item in Notify),
        validators=[InputRequired(message=_l("Choose how to hear of announcements."))],
    )
