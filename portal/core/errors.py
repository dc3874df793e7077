"""Translated error pages; a failed request is rolled back and never shows a trace."""

from __future__ import annotations

import logging

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.core.logging import request_id
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


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response | HTTPException:
        template = PAGES.get(error.code or 500)
        if template is None or request.path.startswith("/healthz"):
            return error
        response = app.make_response((render_template(template, error=error), error.code))
        if error.code == 405 and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError) -> tuple[str, int]:
        db.session.rollback()
        log.error(
            "request failed",
            exc_info=error.original_exception or error,
            extra={"status": 500, "event": "error"},
        )
        return render_template("errors/500.html", request_id=request_id()), 500
