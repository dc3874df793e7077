"""Inspect rendered HTML with a parser, not by matching text."""

from __future__ import annotations

from html.parser import HTMLParser

ACTIVE_ELEMENTS = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "base",
    "form",
    "meta",
    "link",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: (v or "") for k, v in attrs}))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    collector = _Collector()
    collector.feed(html)
    return collector.elements


def dangerous_markup(html: str) -> list[str]:
    """Everything in `html` that could run script: script/style/iframe/object elements,
    on* attributes, style attributes, javascript:/data:/vbscript: URLs."""
    found = []
    for tag, attrs in elements(html):
        structured_data = tag == "script" and attrs.get("type") == "application/ld+json"
        if tag in ACTIVE_ELEMENTS and not structured_data:
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                found.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES:
                scheme = "".join(value.split()).lower()
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    found.append(f"{tag}[{name}={value[:30]}]")
    return found
