"""Where an accreditation stands on a given day."""

from __future__ import annotations

from flask_babel import lazy_pgettext as _p

from portal.core.enums import ERROR, NEUTRAL, OK, WARN, LabelledEnum


class Validity(LabelledEnum):
    """An accreditation on a given day."""

    VALID = ("valid", _p("accreditation", "Valid"), OK)
    EXPIRING = ("expiring", _p("accreditation", "Expires soon"), WARN)
    EXPIRED = ("expired", _p("accreditation", "Expired"), ERROR)
    NOT_YET = ("not_yet", _p("accreditation", "Not yet valid"), NEUTRAL)
