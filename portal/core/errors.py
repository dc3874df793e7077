"""Translated error pages; a failed request is rolled back and never shows a trace.

A DomainError that a view did not handle (every view should, with `refuse`) is the
safety net's business: the change is rolled back and the person sees the refusal.
"""

from __future__ import annotations

import html
import logging
from typing import Any

from flask import Flask, current_app, flash, g, redirect, render_template, request
from flask_babel import refresh
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response as BaseResponse

from portal.core.domain import DomainError
from portal.core.logging import request_id
from portal.core.security import safe_next_url
from portal.extensions import db

log = logging.getLogger(__name__)

PAGES = {
    400: "errors/400.html",
    403: "errors/403.html",
    404: "errors/404.html",
    405: "errors/405.html",
    413: "errors/413.html",
    429: "errors/429.html",
}


def _same_site_referrer() -> str | None:
    """The path of the page the request came from, if it is one of ours."""
    referrer = request.referrer or ""
    prefix = request.host_url
    if not referrer.startswith(prefix):
        return None
    return safe_next_url("/" + referrer[len(prefix) :])


# The page of last resort: no template, no URL building, no translation, so it renders
# whatever broke (the layout, the Host header, the database).
MINIMAL_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>{title}</h1><p>{body}</p>{reference}<p><a href="/">Make Mothers Matter</a></p>
</main></body></html>"""
MINIMAL_TEXTS = {
    400: ("Bad request", "The request could not be understood."),
    404: ("Page not found", "The page you are looking for does not exist or has moved."),
    500: ("Something went wrong", "An unexpected error occurred on our side."),
}


def _minimal_page(code: int) -> str:
    title, body = MINIMAL_TEXTS.get(code, MINIMAL_TEXTS[500 if code >= 500 else 400])
    rid = request_id()
    reference = f"<p>Reference: {html.escape(rid)}</p>" if rid else ""
    return MINIMAL_PAGE.format(title=title, body=body, reference=reference)


def _render_error(template: str, code: int, **context: Any) -> tuple[str, int]:
    """The translated error page, or the minimal one if that cannot be rendered."""
    _language_from_path()
    try:
        return render_template(template, **context), code
    except Exception:
        log.exception("the error page %s could not be rendered", code, extra={"event": "error"})
        return _minimal_page(code), code


def _language_from_path() -> None:
    """An error page speaks the language of the address (/fr/... is French), even when
    no route matched and so no language was read from it."""
    if g.get("lang_code"):
        return
    first = request.path.lstrip("/").split("/", 1)[0]
    if first in current_app.config["LANGUAGES"]:
        g.lang_code = first
        refresh()  # Flask-Babel may have cached the browser's language already


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> BaseResponse | HTTPException:
        code = error.code or 500
        template = PAGES.get(code)
        if template is None or request.path.startswith("/healthz"):
            return error
        response = app.make_response(_render_error(template, code, error=error))
        allowed = getattr(error, "valid_methods", None)  # 405 says what is allowed
        if allowed:
            response.headers["Allow"] = ", ".join(allowed)
        return response

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError) -> BaseResponse | tuple[str, int]:
        db.session.rollback()
        log.warning("unhandled refusal: %s", error.message, extra={"event": "refusal"})
        back = _same_site_referrer()
        if back is not None:
            flash(str(error.message), "error")
            return redirect(back, code=303)
        return _render_error("errors/refused.html", 409, message=error.message)

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError) -> tuple[str, int]:
        try:
            db.session.rollback()
        except Exception:  # the database may be what failed
            log.exception("rollback after an error failed")
        log.error(
            "request failed",
            exc_info=error.original_exception or error,
            extra={"status": 500, "event": "error"},
        )
        return _render_error("errors/500.html", 500, request_id=request_id())
