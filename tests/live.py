"""The portal served for real (gunicorn on 127.0.0.1) and plain HTTP browsers for it, for
tests of what happens between processes: concurrency, several app servers, the worker."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pyotp
import pytest

from tests import factories

ROOT = Path(__file__).resolve().parents[1]
_CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def redis_up() -> bool:
    """Whether the local Redis (127.0.0.1:6379) answers."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies kept, redirects not followed: each response is seen as it is."""

    def __init__(self, base: str) -> None:
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), _NoRedirect()
        )

    def fetch(self, path: str, data: bytes | None = None, headers: dict | None = None):
        """(status, headers, body) of a GET, or of a POST when `data` is given."""
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def token(self, path: str) -> str:
        status, _, body = self.fetch(path)
        assert status == 200, (path, status)
        match = _CSRF.search(body.decode())
        assert match, f"no form on {path}"
        return match.group(1)

    def post_form(self, path: str, fields: dict[str, str], *, form_page: str | None = None):
        data = {"csrf_token": self.token(form_page or path), **fields}
        return self.fetch(
            path,
            urlencode(data).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )

    def sign_in(self, email: str, password: str = factories.DEFAULT_PASSWORD) -> None:
        """The password, then (for whoever has one) the tests' authenticator code, on the
        real clock: sign in once per person and share the browser, as a code is taken
        only once."""
        status, headers, _ = self.post_form(
            "/en/account/login", {"email": email, "password": password}
        )
        assert status == 302, status
        if headers["Location"].endswith("/login/second-factor"):
            status, _, _ = self.post_form(
                "/en/account/login/second-factor", {"code": pyotp.TOTP(factories.TOTP_SECRET).now()}
            )
            assert status == 302, status


@contextmanager
def served_portal(
    database_url: str, folder: Path, *, workers: int = 4, **env: str
) -> Iterator[str]:
    """gunicorn serving the portal on a free port, with the test database; the base URL.

    Fails the test if a traceback reaches the server's output.
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environment = {
        **os.environ,
        "PORTAL_ENV": "development",
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_SECRET_KEY": "test-secret-key",  # the tests' app's: it encrypts TOTP secrets
        "PORTAL_INSTANCE_PATH": str(folder),
        "PORTAL_RATELIMIT_ENABLED": "0",
        "PORTAL_QUEUE_URL": "memory://",
        "PORTAL_PUBLIC_CACHE_SECONDS": "0",
        "PORTAL_BASE_URL": base,
        **env,
    }
    log_path = folder / "gunicorn.log"
    log_file = log_path.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",  # not the production gunicorn.conf.py that gunicorn would load
            "/dev/null",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1):
                break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("gunicorn did not start: " + log_path.read_text()[-2000:])
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log_file.close()
        print(f"gunicorn's output: {log_path}")  # shown when the test fails
    output = log_path.read_text()
    assert "Traceback" not in output, output[-4000:]
