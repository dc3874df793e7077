"""Every page is valid HTML for the W3C Nu checker (vnu.jar, from the npm package
`vnu-jar` pinned in tests/html/package.json), in both languages, signed in or not: a
repeated id or a label pointing nowhere sends a screen reader to the wrong field."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests import factories
from tests.test_permission_matrix import page_urls, world

__all__ = ["world"]

ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "tests" / "html" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

if not VNU.exists() or shutil.which("java") is None:
    pytest.skip(
        "HTML validation skipped: run `npm ci --prefix tests/html` (and install Java).",
        allow_module_level=True,
    )


def _pages(app, client, values) -> dict[str, str]:
    pages = {}
    for lang in ("en", "fr"):
        urls = page_urls(app, {**values, "lang_code": lang, "locale": lang})
        urls += [f"/{lang}/roles/role/", f"/{lang}/roles/role/apply", f"/{lang}/nowhere"]
        for url in urls:
            response = client.get(url)
            if response.mimetype == "text/html" and response.status_code in (200, 404):
                pages[url] = response.get_data(as_text=True)
    return pages


def test_every_page_is_valid_html(app, client, login, world, tmp_path):
    anonymous = _pages(app, client, world)
    login(factories.user(admin=True))
    signed_in = _pages(app, client, world)
    files = {}
    for number, (url, html) in enumerate([*anonymous.items(), *signed_in.items()]):
        path = tmp_path / f"page-{number}.html"
        path.write_text(html)
        files[str(path)] = url
    assert len(files) > 60
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = sorted({f"{files[m['url'].removeprefix('file:')]}: {m['message']}" for m in messages})
    assert errors == [], "\n".join(errors)
