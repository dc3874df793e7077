"""Text helpers: Markdown to sanitised HTML, slugs, and clean excerpts."""

from __future__ import annotations

import html
import re
import unicodedata

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# CommonMark with raw HTML switched off: authors write Markdown, never markup.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


# Images in user text may only come from the portal's own uploads, by their exact
# address (no "/media/../" detour to another page).
OWN_IMAGE = re.compile(r"^/media/\d{1,10}/[0-9a-f]{64}\.webp$")


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src" and not OWN_IMAGE.match(value):
        return None
    return value


def sanitise_html(markup: str) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes."""
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        attribute_filter=_filter_attribute,
    )


def markdown_to_html(source: str) -> Markup:
    """Render Markdown and sanitise the result; the only HTML that templates mark safe."""
    return Markup(sanitise_html(_markdown.render(source or "")))  # noqa: S704 - sanitised


_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def plain_text(markup: str) -> str:
    """Visible text of sanitised HTML, whitespace folded."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", markup))).strip()


def excerpt(text: str, limit: int = 240) -> str:
    """At most `limit` characters of `text`, cut at a word boundary, with an ellipsis."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(" ,;:.-\u2013\u2014")
    return cut + "…"


def slugify(text: str, max_length: int = 80) -> str:
    """ASCII, lower-case, hyphen-separated; stable across languages."""
    normalised = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", normalised.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "item"


def one_line(value: str) -> str:
    """Text safe for a header or a one-line field: control characters, line and
    paragraph separators become spaces, runs of spaces one space."""
    cleaned = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in value
    )
    return " ".join(cleaned.split())
