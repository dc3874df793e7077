"""Cover and inline images: checked by content, re-encoded, resized, stored.

Re-encoding drops whatever else the file carried (metadata, scripts in comments,
trailing data) and gives every image a known type; two widths serve phones and
desktops.
"""

from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError
from werkzeug.datastructures import FileStorage

from portal.core.domain import DomainError
from portal.core.models import Document
from portal.core.uploads import CheckedFile, count_upload, store

IMAGE_KIND = "image"  # the Document kind served publicly by news/media.py
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding them
WEBP_MAX_SIDE = 16383  # the WebP format's limit, after resizing
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
WIDTHS = {"large": 1200, "small": 600}


@dataclass(frozen=True)
class StoredImage:
    large: Document
    small: Document


def _refuse(message: str) -> DomainError:
    return DomainError(message, field="cover")


def _open_checked(upload: FileStorage | None) -> Image.Image:
    if upload is None or not upload.filename:
        raise _refuse(_l("Choose a file."))
    count_upload()
    data = upload.stream.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise _refuse(_l("The image is larger than 5 MB."))
    if not data:
        raise _refuse(_l("The file is empty."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise _refuse(_l("Send a JPEG, PNG or WebP image."))
            if probe.width * probe.height > MAX_PIXELS:
                raise _refuse(_l("The image has too many pixels."))
            if _resized_height(probe.width, probe.height, WIDTHS["large"]) > WEBP_MAX_SIDE:
                raise _refuse(_l("The image is too tall for its width. Crop it and try again."))
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise _refuse(_l("This file is not a real JPEG, PNG or WebP image.")) from error
    return ImageOps.exif_transpose(image)


def _resized_height(width: int, height: int, target: int) -> int:
    return math.ceil(height * min(1.0, target / max(width, 1)))


def _encode(image: Image.Image, width: int, name: str) -> CheckedFile:
    copy = image.copy()
    if copy.width > width:
        copy.thumbnail((width, width * 10), Image.Resampling.LANCZOS)
    if copy.mode not in ("RGB", "RGBA"):
        copy = copy.convert("RGBA" if "A" in copy.getbands() else "RGB")
    buffer = io.BytesIO()
    copy.save(buffer, format="WEBP", quality=82, method=4)
    data = buffer.getvalue()
    return CheckedFile(
        data=data,
        content_type="image/webp",
        original_name=name,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def image_url(document: Document | None) -> str | None:
    """The public address of an image document (served by news/media.py)."""
    if document is None:
        return None
    return f"/media/{document.id}/{document.sha256}.webp"


def store_image(upload: FileStorage | None, *, owner_id: int | None) -> StoredImage:
    """Check, re-encode at two widths and add both to the current transaction."""
    image = _open_checked(upload)
    stem = (upload.filename or "image").rsplit(".", 1)[0][:80] if upload else "image"
    large = store(
        _encode(image, WIDTHS["large"], f"{stem}-large.webp"), owner_id=owner_id, kind=IMAGE_KIND
    )
    small = store(
        _encode(image, WIDTHS["small"], f"{stem}-small.webp"), owner_id=owner_id, kind=IMAGE_KIND
    )
    return StoredImage(large=large, small=small)
