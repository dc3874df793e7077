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


def test_the_shipped_gunicorn_writes_one_valid_json_line_per_request(database_url, tmp_path):
    """gunicorn.conf.py as shipped: a path and a user agent full of quotes, escapes and
    control characters still give one JSON line each, with the request id."""
    port = free_port()
    env = dict(
        os.environ,
        PORTAL_ENV="development",
        PORTAL_DATABASE_URL=database_url,
        PORTAL_INSTANCE_PATH=str(tmp_path),
        PORTAL_SECRET_KEY="log-test",
        PORTAL_QUEUE_URL="memory://",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            time.sleep(0.1)
        # Decoded, the path holds a quote, a line break, a forged JSON object, an escape
        # sequence and a NUL: all of them land in the log line.
        hostile = "/en/%22%0A%7B%22status%22:%20200%7D%1B[31m%00%E2%80%A8?q=%22%5C"
        with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
            connection.sendall(
                f"GET {hostile} HTTP/1.1\r\nHost: localhost\r\n"
                'User-Agent: evil "agent" \\ é\r\nX-Request-ID: trace-0001abcd\r\n'
                "Connection: close\r\n\r\n".encode()
            )
            while connection.recv(65536):
                pass
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0].decode("utf-8", "replace")
    lines = [line for line in output.splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line parses
    [access] = [e for e in entries if e.get("event") == "access"]
    assert access["request_id"] == "trace-0001abcd"
    assert access["agent"].startswith('evil "agent"')
    assert access["status"] == 404
    assert access["path"].startswith('/en/"\n{"status": 200}\x1b[31m')
