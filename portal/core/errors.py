"""Translated error pages; a failed request is rolled back and never shows a trace.

A DomainError that a view did not handle (every view should, with `refuse`) is the
safety net's business: the change is rolled back and the person sees the refusal.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, flash, redirect, render_template, request
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


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response | HTTPException:
        code = error.code or 500
        template = PAGES.get(code)
        if template is None or request.path.startswith("/healthz"):
            return error
        response = app.make_response((render_template(template, error=error), code))
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
        return render_template("errors/refused.html", message=error.message), 409

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError) -> tuple[str, int]:
        db.session.rollback()
        log.error(
            "request failed",
            exc_info=error.original_exception or error,
            extra={"status": 500, "event": "error"},
        )
        return render_template("errors/500.html", request_id=request_id()), 500
