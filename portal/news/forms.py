"""The lead's news form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, TextAreaField
from wtforms.validators import Length, Optional

from portal.core.forms import (
    MultiCheckboxField,
    OneLineField,
    PerLanguage,
    SubForm,
    TranslatedForm,
)
from portal.core.validation import BoundedDateTimeField


class PostTextForm(SubForm):
    """A post's texts in one language."""

    title = OneLineField(_l("Title"), validators=[Optional(), Length(max=200)])
    dateline = OneLineField(
        _l("Dateline"),
        validators=[Optional(), Length(max=80)],
        description=_l("For example: UN Geneva"),
    )
    summary = TextAreaField(
        _l("Summary"),
        validators=[Optional(), Length(max=600)],
        description=_l("Shown in the teasers. Left empty, the start of the text is used."),
    )
    body = TextAreaField(
        _l("Text (Markdown)"),
        validators=[Optional(), Length(max=50000)],
        description=_l(
            "## for a heading, *italics*, **bold**, - for a list, > for a quote, "
            "[text](https://...) for a link."
        ),
    )
    cover_alt = OneLineField(
        _l("Description of the cover image"),
        validators=[Optional(), Length(max=300)],
        description=_l("What the picture shows, for readers who cannot see it."),
    )


class PostForm(TranslatedForm):
    texts = PerLanguage(
        PostTextForm,
        filled_by=("title",),
        required=_l("Give the post a title in at least one language."),
    )
    openings = MultiCheckboxField(
        _l("Volunteer roles this post calls for"),
        coerce=int,
        description=_l("Readers see each one under the post, with an “Apply” button."),
    )
    cover = FileField(_l("Cover image"), description=_l("JPEG, PNG or WebP, at most 5 MB."))
    remove_cover = BooleanField(_l("Remove the cover image"))
    publish_at = BoundedDateTimeField(
        _l("Publication date and time"),
        validators=[Optional()],
        format="%Y-%m-%dT%H:%M",
        description=_l("In the delegation's time zone. Used by “Schedule”."),
    )


class InlineImageForm(FlaskForm):
    image = FileField(_l("Image"), description=_l("JPEG, PNG or WebP, at most 5 MB."))
