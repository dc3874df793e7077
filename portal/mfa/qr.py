"""The QR code of an authenticator app's enrolment, drawn by the portal (segno): no
external service ever sees the secret."""

from __future__ import annotations

import segno
from markupsafe import Markup, escape


def qr_svg(text: str, *, title: str) -> Markup:
    """An inline SVG of `text` as a QR code."""
    code = segno.make(text, error="m")
    svg = code.svg_inline(scale=5, border=4, dark="#000", light="#fff", title=title)
    labelled = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
    return Markup(labelled)  # noqa: S704 - drawn here from our own data, no user HTML
