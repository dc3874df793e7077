"""The French catalogue matches the code: every string extracted, translated, with the
same placeholders; no stale, empty or fuzzy entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from portal.config import build_config

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted((ROOT / "translations").glob("*/LC_MESSAGES/messages.po"))
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")


def _extract_keywords() -> list[str]:
    """The -k options of `make i18n-extract`, so the test extracts as the Makefile does."""
    recipe = (ROOT / "Makefile").read_text()
    line = next(line for line in recipe.splitlines() if "pybabel extract" in line)
    return re.findall(r"-k (\S+)", line)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    output = tmp_path_factory.mktemp("i18n") / "messages.pot"
    arguments = ["pybabel", "-q", "extract", "--no-location", "-F", str(ROOT / "babel.cfg")]
    for keyword in _extract_keywords():
        arguments += ["-k", keyword]
    CommandLineInterface().run([*arguments, "-o", str(output), str(ROOT)])
    with output.open("rb") as handle:
        return read_po(handle)


def _keys(catalog) -> set[tuple[str | None, str]]:
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}


def _read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def test_there_is_a_catalogue_per_configured_language():
    config = build_config({"PORTAL_ENV": "test", "SECRET_KEY": "x"})
    wanted = set(config["LANGUAGES"]) - {config["BABEL_DEFAULT_LOCALE"]}
    assert {path.parts[-3] for path in CATALOGUES} == wanted


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_the_catalogue_holds_exactly_the_strings_of_the_code(path, extracted):
    catalogue = _keys(_read(path))
    code = _keys(extracted)
    assert sorted(code - catalogue, key=str) == [], "run `make i18n-update` and translate"
    assert sorted(catalogue - code, key=str) == [], "stale entries: run `make i18n-update`"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_every_entry_is_translated_and_none_is_fuzzy(path):
    problems = []
    for message in _read(path):
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(forms):
            problems.append(message.id)
    assert problems == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_placeholders_are_the_same_in_both_languages(path):
    problems = []
    for message in _read(path):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for form in forms:
            if set(PLACEHOLDER.findall(form)) != wanted:
                problems.append((ids[0], form))
    assert problems == []


def test_a_french_string_is_served(client):
    assert "Missions bénévoles" in client.get("/fr/").get_data(as_text=True)


FRENCH = ROOT / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
# French typography: a non-breaking space before : ; ? ! and inside « », never a plain
# space (a line would break there) nor none at all.
PLAIN_SPACE_BEFORE = re.compile(r" [:;?!]")
NO_SPACE_BEFORE = re.compile(r"[\w)»][;?!](?=\s|$)|[\w)»]:(?=\s|$)")
GUILLEMETS = re.compile(r"«(?!\u00a0)|(?<!\u00a0)»")
# The catalogue speaks to and of people without a masculine default.
GENDERED = re.compile(
    r"\b(?:candidats?|évaluateurs?|lecteurs?(?! de flux)|connectée?s?|invitée?s?)\b", re.I
)


def _french_strings():
    with FRENCH.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            yield from ((message.id, text) for text in strings)


@pytest.mark.parametrize(
    ("rule", "pattern"),
    [
        ("a plain space before : ; ? !", PLAIN_SPACE_BEFORE),
        ("no space before : ; ? !", NO_SPACE_BEFORE),
        ("guillemets without non-breaking spaces", GUILLEMETS),
        ("a masculine default for people", GENDERED),
    ],
)
def test_french_strings_follow_french_typography_and_wording(rule, pattern):
    offending = [text for _id, text in _french_strings() if pattern.search(text)]
    assert offending == [], f"{rule}: {offending[:5]}"
