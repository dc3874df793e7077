"""No French page shows English: neither a string of the catalogue left untranslated in
the code nor a content field stored in one language only.

Every page (signed-in ones too) is fetched under /fr/ with content written in both
languages and marked "[en]" / "[fr]"; the visible text outside elements marked
lang="en" (a fallback, an English editor column) must hold no "[en]" marker and no
English sentence of the catalogue.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal.delegations.models import Delegation
from portal.extensions import db
from tests import factories
from tests.test_permission_matrix import page_urls, world

__all__ = ["world"]

CATALOGUE = Path(__file__).resolve().parents[1] / "translations/fr/LC_MESSAGES/messages.po"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class FrenchText(HTMLParser):
    """The visible text of a page, leaving out what is marked as another language."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []  # (tag, in another language or hidden)
        self.parts: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        values = dict(attrs)
        lang = values.get("lang")
        skip = tag in ("script", "style", "title") or (lang is not None and lang != "fr")
        self.stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._skipping():
            self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return " ".join(" ".join(parser.parts).split())


def _english_sentences() -> list[str]:
    """Catalogue strings of two words or more whose French differs from the English."""
    with CATALOGUE.open("rb") as handle:
        catalog = read_po(handle)
    sentences = []
    for message in catalog:
        if not message.id or isinstance(message.id, tuple):
            continue
        text = re.sub(r"%\(\w+\)[sd]", "", message.id).strip(" .:")
        if len(text.split()) >= 2 and message.string and message.string != message.id:
            sentences.extend(part.strip() for part in text.split("%") if len(part.split()) >= 2)
    return sentences


@pytest.fixture
def bilingual(world):
    """The permission matrix's world, with a public team member titled in both languages."""
    delegation = db.session.get(Delegation, world["delegation_id"])
    member = factories.user(name="Awa Member")
    factories.membership(member, delegation, role="member", public=True).titles = {
        "en": "Volunteer [en]",
        "fr": "Bénévole [fr]",
    }
    post = factories.post(delegation)
    db.session.commit()
    return {**world, "post_slug": post.slug}


def test_no_french_page_shows_english(app, client, login, bilingual):
    admin = factories.user(admin=True, locale="fr")
    login(admin)
    english = _english_sentences()
    values = {**bilingual, "lang_code": "fr", "locale": "fr"}
    found: dict[str, list[str]] = {}
    checked = 0
    urls = page_urls(app, values)
    # Pages whose address names content other than the delegation.
    urls += ["/fr/roles/role/", "/fr/roles/role/apply", f"/fr/news/{bilingual['post_slug']}/"]
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        checked += 1
        text = FrenchText.of(response.get_data(as_text=True))
        leaks = [marker for marker in ("[en]",) if marker in text]
        leaks += [sentence for sentence in english if sentence in text]
        if leaks:
            found[url] = leaks
    assert checked > 30
    assert found == {}
