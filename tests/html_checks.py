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


OWN_ORIGINS = ("/", "http://portal.test/")


def _ours(tag: str, attrs: dict[str, str]) -> bool:
    """The page's own head and forms: same-origin links, no refresh, our scripts."""
    if tag == "script":
        return attrs.get("type") == "application/ld+json" or attrs.get("src", "").startswith(
            "/static/"
        )
    if tag == "meta":
        return "http-equiv" not in attrs
    if tag == "link":
        return attrs.get("href", "").startswith(OWN_ORIGINS) and not attrs.get(
            "href", ""
        ).startswith("//")
    if tag == "form":
        action = attrs.get("action", "")
        return action == "" or (action.startswith("/") and not action.startswith("//"))
    return False


def dangerous_markup(html: str) -> list[str]:
    """Everything in `html` that could run script: script/style/iframe/object elements,
    on* attributes, style attributes, javascript:/data:/vbscript: URLs. The page's own
    head elements and forms (same-origin, no refresh) are not counted."""
    found = []
    for tag, attrs in elements(html):
        if tag in ACTIVE_ELEMENTS and not _ours(tag, attrs):
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                found.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES:
                scheme = "".join(value.split()).lower()
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    found.append(f"{tag}[{name}={value[:30]}]")
    return found
