"""Browser tests: the portal served by gunicorn on 127.0.0.1 (as http://localhost) with a
fresh SQLite database per test module (migrated and seeded with the demo content), driven through
Playwright in Debian's headless Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "e2e" / "artifacts"
AXE = (ROOT / "tests" / "e2e" / "vendor" / "axe-4.14.1.min.js").read_text()
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

if not Path(CHROMIUM).exists():
    pytest.skip(
        "Browser tests skipped: Chromium is missing. Install it with `apt-get install chromium`.",
        allow_module_level=True,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Portal:
    def __init__(self, base: str, database: Path, env: dict[str, str]) -> None:
        self.base = base
        self.database = database
        self.env = env

    def prepare(self, code: str) -> str:
        """Run `code` in the served portal's application context (to set up what a
        journey starts from: applicants, say) and commit; returns what it prints."""
        script = (
            "from portal import create_app\n"
            "from portal.extensions import db\n"
            "from tests import factories\n"
            "app = create_app()\n"
            "with app.app_context():\n"
            + "".join(f"    {line}\n" for line in code.strip().splitlines())
            + "    db.session.commit()\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def url(self, path: str) -> str:
        return self.base + path

    def query(self, sql: str, *params):
        with sqlite3.connect(self.database) as connection:
            return connection.execute(sql, params).fetchall()

    def last_link(self, to: str, fragment: str) -> str:
        """The path of the newest link containing `fragment` in e-mails to `to`."""

        rows = self.query(
            "SELECT body_text FROM outbox_emails WHERE to_address = ? ORDER BY id DESC", to
        )
        for (body,) in rows:
            for url in re.findall(r"https?://\S+", body):
                if fragment in url:
                    return url.replace(self.base, "")
        raise AssertionError(f"no e-mail to {to} with {fragment}")


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("e2e")
    port = _free_port()
    base = f"http://localhost:{port}"  # a domain name: passkeys refuse IP addresses
    env = dict(
        os.environ,
        PORTAL_ENV="development",
        PORTAL_INSTANCE_PATH=str(folder),
        PORTAL_DATABASE_URL=f"sqlite:///{folder / 'portal.db'}",
        PORTAL_SECRET_KEY="e2e-secret",
        PORTAL_BASE_URL=base,
        PORTAL_QUEUE_URL="memory://",
        PORTAL_RATELIMIT_ENABLED="0",
        FLASK_APP="wsgi",
    )
    flask = [sys.executable, "-m", "flask"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(
        [*flask, "portal", "seed-demo"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",  # not the production gunicorn.conf.py that gunicorn would load
            "/dev/null",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1):
                break
        except OSError:
            time.sleep(0.1)
    yield Portal(base, folder / "portal.db", env)
    server.terminate()
    output = server.communicate(timeout=10)[0].decode()
    assert "Traceback" not in output, output[-4000:]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only once Chromium is found

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser context (no cookies) at desktop width; CSP stays enforced."""
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    folder = ARTIFACTS / request.node.name
    print(f"\nScreenshots of this journey: {folder}")  # shown when the test fails
    tab.console_errors = errors
    yield tab
    context.close()


def check_accessibility(page) -> None:
    """Run axe-core in the page (evaluated through the devtools protocol, so the page's
    CSP is untouched) and fail on any WCAG 2.1 A or AA violation."""
    page.evaluate(AXE)
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in v["nodes"][:5]
        )
        for v in result["violations"]
    ]
    assert problems == [], f"{page.url}\n" + "\n".join(problems)


def snapshot(page, name: str, request) -> None:
    """Screenshots at desktop and phone width, and the accessibility check."""
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    check_accessibility(page)
    page.screenshot(path=str(folder / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(folder / f"{name}-phone.png"), full_page=True)
    check_accessibility(page)
    page.set_viewport_size(DESKTOP)
