"""One JSON line per event, each carrying the request id.

The request id comes from a trusted proxy's X-Request-ID (when well-formed) or is made
here; it is echoed in the response header and shown on the 500 page, so that a person
reporting an error can quote it and an admin can find the log line.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time
import traceback
from typing import Any

from flask import Flask, Response, g, has_request_context, request
from gunicorn import glogging

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = request_id()
        if rid:
            entry["request_id"] = rid
        if has_request_context():
            entry["method"], entry["path"] = request.method, request.path
        for key in ("status", "duration_ms", "event"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(app: Flask) -> None:
    """JSON lines on stderr in production; Flask's readable default elsewhere."""
    if app.config["PORTAL_ENV"] != "production":
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    app.logger.handlers[:] = []
    app.logger.propagate = True


def register_request_ids(app: Flask) -> None:
    @app.before_request
    def assign_request_id() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _REQUEST_ID.match(incoming) else secrets.token_hex(8)
        g.request_started = time.perf_counter()

    @app.after_request
    def echo_request_id(response: Response) -> Response:
        if g.get("request_id"):
            response.headers["X-Request-ID"] = g.request_id
        return response


class GunicornJsonLogger(glogging.Logger):
    """gunicorn's logger, writing each access as one valid JSON line: the request's own
    words (path, query, user agent) are encoded, so quotes and control characters a
    client sends cannot break the line or forge another one."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        try:
            self.access_log.info(access_line(atoms))
        except Exception:
            self.error(traceback.format_exc())


def access_line(atoms: dict[str, Any]) -> str:
    """One JSON object of the fields an access line carries (gunicorn's atoms)."""

    def atom(name: str) -> str:
        value = atoms.get(name, "-")
        return value if isinstance(value, str) else str(value)

    def number(name: str) -> int | None:
        text = atom(name)
        return int(text) if text.isdigit() else None

    return json.dumps(
        {
            "time": atom("t").strip("[]"),
            "event": "access",
            "remote": atom("h"),
            "method": atom("m"),
            "path": atom("U"),
            "query": atom("q"),
            "status": number("s"),
            "bytes": number("B"),
            "duration_ms": number("M"),
            "request_id": atom("{x-request-id}o"),
            "agent": atom("a"),
        },
        ensure_ascii=True,
    )
