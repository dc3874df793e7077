import contextlib
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time

import pytest
from flask import g

from portal import create_app
from portal.config import ConfigError, build_config
from portal.core.logging import JsonFormatter
from tests.live import ROOT, free_port


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="PORTAL_SECRET_KEY must be set"):
        build_config({"PORTAL_ENV": "production"})


def test_production_refuses_debug(monkeypatch):
    monkeypatch.setenv("PORTAL_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("PORTAL_DEBUG", "1")
    with pytest.raises(ConfigError, match="PORTAL_DEBUG must be off"):
        build_config({"PORTAL_ENV": "production"})


def test_every_response_carries_a_request_id(client):
    generated = client.get("/en/")
    assert len(generated.headers["X-Request-ID"]) == 16
    kept = client.get("/en/", headers={"X-Request-ID": "proxy-id-12345678"})
    assert kept.headers["X-Request-ID"] == "proxy-id-12345678"
    forged = client.get("/en/", headers={"X-Request-ID": "<script>"})
    assert forged.headers["X-Request-ID"] != "<script>"


def test_the_500_page_shows_the_request_id_and_the_log_line_has_it(database_url, tmp_path, caplog):
    app = create_app(
        {
            "PORTAL_ENV": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "x",
            "INSTANCE_PATH": str(tmp_path),
            "PROPAGATE_EXCEPTIONS": False,
        }
    )

    def explode():
        raise RuntimeError("boom")

    app.add_url_rule("/<lang:lang_code>/explode", "explode", explode)
    with caplog.at_level(logging.ERROR):
        response = app.test_client().get(
            "/en/explode", headers={"X-Request-ID": "incident-0042abcd"}
        )
    assert response.status_code == 500
    assert "incident-0042abcd" in response.get_data(as_text=True)
    record = next(r for r in caplog.records if r.getMessage() == "request failed")
    with app.test_request_context("/en/explode", headers={"X-Request-ID": "incident-0042abcd"}):
        g.request_id = "incident-0042abcd"
        line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "incident-0042abcd"
    assert line["level"] == "error"
    assert "RuntimeError: boom" in line["exception"]


def test_static_files_are_fingerprinted_and_cached_for_a_year(client):
    page = client.get("/en/").get_data(as_text=True)

    href = re.search(r'href="(/static/css/portal\.css\?v=[0-9a-f]{12})"', page).group(1)
    response = client.get(href)
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]


class ShippedGunicorn:
    """gunicorn.conf.py as shipped, one worker on a free port; its output once ended."""

    def __init__(self, database_url: str, folder, **env: str) -> None:
        self.port = free_port()
        self.output = ""
        self._env = dict(
            os.environ,
            PORTAL_ENV="development",
            PORTAL_DATABASE_URL=database_url,
            PORTAL_INSTANCE_PATH=str(folder),
            PORTAL_SECRET_KEY="log-test",
            PORTAL_QUEUE_URL="memory://",
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            GUNICORN_WORKERS="1",
            **env,
        )

    def __enter__(self) -> "ShippedGunicorn":
        self._server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env=self._env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), 1),
            ):
                break
            time.sleep(0.1)
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.terminate()
        self.output = self._server.communicate(timeout=20)[0].decode("utf-8", "replace")

    def send(self, request: str) -> str:
        """One raw HTTP/1.1 request (the lines before the blank one); the raw answer."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as connection:
            connection.sendall(f"{request}\r\nConnection: close\r\n\r\n".encode())
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        return answer.decode("utf-8", "replace")


def test_the_shipped_gunicorn_writes_one_valid_json_line_per_request(database_url, tmp_path):
    """gunicorn.conf.py as shipped: a path and a user agent full of quotes, escapes and
    control characters still give one JSON line each, with the request id."""
    # Decoded, the path holds a quote, a line break, a forged JSON object, an escape
    # sequence and a NUL: all of them land in the log line.
    hostile = "/en/%22%0A%7B%22status%22:%20200%7D%1B[31m%00%E2%80%A8?q=%22%5C"
    with ShippedGunicorn(database_url, tmp_path) as server:
        server.send(
            f"GET {hostile} HTTP/1.1\r\nHost: localhost\r\n"
            'User-Agent: evil "agent" \\ é\r\nX-Request-ID: trace-0001abcd'
        )
    output = server.output
    lines = [line for line in output.splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line parses
    [access] = [e for e in entries if e.get("event") == "access"]
    assert access["request_id"] == "trace-0001abcd"
    assert access["agent"].startswith('evil "agent"')
    assert access["status"] == 404
    assert access["path"].startswith('/en/"\n{"status": 200}\x1b[31m')


def test_the_shipped_gunicorn_takes_no_script_name_from_a_request(app, database_url, tmp_path):
    """gunicorn by default lets trusted addresses (nginx's, any local process) move the
    application with SCRIPT_NAME and PATH_INFO headers: every link of the page would
    point under the sent root. The shipped configuration takes neither."""
    with ShippedGunicorn(database_url, tmp_path) as server:
        moved = server.send(
            "GET /evil/en/privacy HTTP/1.1\r\nHost: localhost\r\nSCRIPT_NAME: /evil\r\n"
            "PATH_INFO: /en/privacy"
        )
        plain = server.send("GET /en/privacy HTTP/1.1\r\nHost: localhost")
    assert moved.startswith("HTTP/1.1 404")
    assert 'href="/evil' not in moved
    assert plain.startswith("HTTP/1.1 200")
    assert 'href="/evil' not in plain
    assert 'href="/en/' in plain
