"""What a server does once before forking its workers (gunicorn's preload_app): compile
every template and load each language's catalogue and Babel's data. A worker forked
afterwards starts with all of it, so its first requests are as fast as the next ones;
without it, every recycled worker compiled the templates again while its connections
waited."""

from __future__ import annotations

from datetime import date

from flask import Flask
from flask_babel import force_locale, format_date

from portal.core.i18n import language_name, page_translations


def warm_up(app: Flask) -> int:
    """Compile the templates and load the languages; the number of templates."""
    names = app.jinja_env.list_templates(extensions=("html", "txt", "xml"))
    for name in names:
        app.jinja_env.get_template(name)
    for language in app.config["LANGUAGES"]:
        with app.test_request_context(f"/{language}/"), force_locale(language):
            page_translations()
            format_date(date.today(), "d MMMM y")
            for other in app.config["LANGUAGES"]:
                language_name(other, language)
    return len(names)
