"""Cover pictures for the demo posts, drawn at seed time (no download): soft shapes in
the portal's colours, different for every post."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter

PALETTES = {
    "european-union": ((13, 92, 99), (247, 243, 245), (156, 31, 79)),
    "united-nations": ((29, 70, 120), (251, 233, 240), (13, 92, 99)),
    "unesco": ((116, 21, 57), (255, 245, 214), (13, 92, 99)),
}
ALT = {
    "en": "An abstract picture in the colours of Make Mothers Matter",
    "fr": "Une image abstraite aux couleurs de Make Mothers Matter",
}


def cover_png(seed: str, delegation_slug: str) -> bytes:
    """A 1200x630 PNG: a tinted background, a few large soft circles and arcs."""
    background, light, accent = PALETTES.get(delegation_slug, PALETTES["unesco"])
    rng = random.Random(seed)  # noqa: S311 - a picture, not a secret
    image = Image.new("RGB", (1200, 630), background)
    draw = ImageDraw.Draw(image, "RGBA")
    for _ in range(7):
        radius = rng.randint(90, 300)
        x, y = rng.randint(-100, 1300), rng.randint(-100, 730)
        colour = light if rng.random() < 0.6 else accent
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=(*colour, rng.randint(60, 150))
        )
    image = image.filter(ImageFilter.GaussianBlur(6))
    draw = ImageDraw.Draw(image, "RGBA")
    for _ in range(3):
        x, y, size = rng.randint(0, 1000), rng.randint(0, 430), rng.randint(160, 320)
        draw.arc((x, y, x + size, y + size), 200, 340, fill=(*light, 220), width=14)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
