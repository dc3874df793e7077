"""Uploaded documents: checked by their content, stored in the database, served safely.

A file is accepted only when its bytes are what its type claims (not its name), its
size is within bounds, and its name is harmless; anything else is refused before a
single byte or row is stored.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast
from urllib.parse import quote

from flask import Response, g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from PIL import Image, UnidentifiedImageError
from werkzeug.datastructures import FileStorage

from portal.core.domain import DomainError
from portal.core.models import Document, DocumentContent
from portal.extensions import db, limiter

F = TypeVar("F", bound=Callable[..., Any])

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
# Zip-based formats (DOCX, ODT): refuse archives that would expand beyond these.
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_COMPRESSION_RATIO = 100

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
JPEG = "image/jpeg"
PNG = "image/png"
CV_TYPES = {PDF: "pdf", DOCX: "docx", ODT: "odt"}
MAX_SCAN_PIXELS = 40_000_000

# Extensions that make a second dot suspicious: "cv.exe.pdf", "cv.html.pdf".
_KNOWN_EXTENSIONS = {
    "pdf",
    "docx",
    "doc",
    "odt",
    "rtf",
    "txt",
    "html",
    "htm",
    "xhtml",
    "svg",
    "js",
    "mjs",
    "exe",
    "com",
    "bat",
    "cmd",
    "sh",
    "ps1",
    "php",
    "py",
    "pl",
    "rb",
    "jar",
    "msi",
    "scr",
    "vbs",
    "dll",
    "zip",
    "rar",
    "7z",
    "gz",
    "tar",
    "xml",
    "swf",
    "hta",
    "lnk",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "docm",
    "xlsm",
    "iso",
    "apk",
    "app",
    "dmg",
}
# Markup that a browser sniffing the file as HTML would run or load: the elements that
# run or fetch something, and any tag with an event handler (<img src=x onerror=...>).
_MARKUP = re.compile(
    rb"<\s*/?\s*(?:!doctype|html|head|body|script|style|iframe|i?frame|frameset|object|embed|"
    rb"applet|svg|math|img|image|video|audio|source|track|link|meta|base|form|input|button|"
    rb"textarea|select|details|marquee|a|div|span|p|table|template|xml|x:script)[\s/>]",
    re.I,
)
_EVENT_HANDLER = re.compile(rb"<[a-z][^<>]{0,400}?[\s/]on[a-z]+\s*=", re.I)


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    content_type: str
    original_name: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def _refuse(message: str) -> DomainError:
    return DomainError(message, field="cv")


def _checked_name(raw_name: str | None, allowed_extensions: set[str]) -> str:
    name = raw_name or ""
    if not name or "\x00" in name or "/" in name or "\\" in name or ".." in name:
        raise _refuse(_l("This file name is not allowed. Rename the file, e.g. cv-jane-doe.pdf."))
    name = unicodedata.normalize("NFC", name).strip()
    if any(not ch.isprintable() for ch in name) or len(name) > 200:
        raise _refuse(_l("This file name is not allowed. Rename the file, e.g. cv-jane-doe.pdf."))
    stem, dot, extension = name.rpartition(".")
    if not dot or extension.lower() not in allowed_extensions:
        if "png" in allowed_extensions:
            raise _refuse(_l("Send a PDF, JPEG or PNG file."))
        raise _refuse(_l("Send a PDF, DOCX or ODT file."))
    if not re.search(r"[A-Za-z]", stem):
        raise _refuse(_l("Give the file a name with letters, e.g. cv-jane-doe.pdf."))
    inner = stem.lower().split(".")[1:]
    if any(part in _KNOWN_EXTENSIONS for part in inner):
        raise _refuse(_l("File names with two extensions are not accepted. Rename the file."))
    return name


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """At most `limit` bytes of a member, decompressed a chunk at a time: what the archive
    declares about its sizes is never trusted."""
    with archive.open(info) as member:
        return member.read(limit)


def _inflated_size(data: bytes, info: zipfile.ZipInfo, limit: int) -> int:
    """How many bytes the entry really inflates to (counted up to just past `limit`),
    from its compressed bytes: the sizes its headers declare are not trusted. Memory
    stays bounded (64 KB out at a time)."""
    header = data[info.header_offset : info.header_offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("no local header")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start = info.header_offset + 30 + name_length + extra_length
    compressed = memoryview(data)[start : start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        return len(compressed)
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise NotImplementedError("compression method")
    inflater = zlib.decompressobj(-15)
    total = 0
    for begin in range(0, len(compressed), 65536):
        pending = bytes(compressed[begin : begin + 65536])
        while pending:
            total += len(inflater.decompress(pending, 65536))
            if total > limit:
                return total
            pending = inflater.unconsumed_tail
    return total


def _check_zip(data: bytes, required: dict[str, bytes | None]) -> bool:
    """A sane zip archive that holds `required` entries (with exact content if given).

    Memory stays bounded whatever the archive claims: what the entries really inflate
    to is counted a chunk at a time (a "zip bomb" that declares small sizes is caught),
    and only the small members whose content matters are read.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                return False
            budget = min(MAX_UNZIPPED_BYTES, MAX_COMPRESSION_RATIO * len(data))
            expanded = 0
            for entry in entries:
                expanded += max(entry.file_size, _inflated_size(data, entry, budget - expanded))
                if expanded > budget:
                    raise _refuse(
                        _l("This file is not accepted: it expands to far more than its size.")
                    )
            by_name = {entry.filename: entry for entry in entries}
            for name, content in required.items():
                if name not in by_name:
                    return False
                if content is not None:
                    found = _read_member(archive, by_name[name], len(content) + 64)
                    if found.strip() != content:
                        return False
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        EOFError,
        OSError,
        zlib.error,
        struct.error,
    ):
        return False
    return True


def _sniff_cv(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        # A PDF/HTML polyglot would render as a web page if ever sniffed as HTML.
        if _MARKUP.search(data) or _EVENT_HANDLER.search(data) or b"%%EOF" not in data[-2048:]:
            return None
        return PDF
    if data.startswith(b"PK\x03\x04"):
        if _check_zip(data, {"mimetype": ODT.encode()}):
            return ODT
        if _check_zip(data, {"[Content_Types].xml": None, "word/document.xml": None}):
            return DOCX
    return None


UPLOADS_PER_HOUR = "30 per hour"


def count_upload() -> None:
    """Mark this request as one that received a file (see `uploads_per_account`)."""
    g.received_upload = True


def _received_upload(_response: Any) -> bool:
    return bool(g.get("received_upload"))


def _uploader() -> str:
    return f"uploads:{getattr(current_user, 'id', None) or request.remote_addr}"


def uploads_per_account(view: F) -> F:
    """At most 30 files an hour per account (confirmed or not): checking a file costs
    memory and time, and a stranger's account is cheap to make."""
    limit = limiter.limit(
        UPLOADS_PER_HOUR,
        key_func=_uploader,
        methods=["POST"],
        deduct_when=_received_upload,
        scope="uploads",
    )
    return cast(F, limit(view))


def check_cv(upload: FileStorage | None, *, field: str = "cv") -> CheckedFile:
    """Read and check a CV upload (PDF, DOCX or ODT, at most 5 MB, by content); a
    refusal is shown beside `field`. Team documents go through the same checks."""
    return _beside(field, _check_document, upload, CV_TYPES, _sniff_cv)


SCAN_TYPES = {PDF: "pdf", JPEG: "jpg", PNG: "png"}


def check_scan(upload: FileStorage | None, *, field: str = "scan") -> CheckedFile:
    """Read and check the scan of an accreditation: a PDF (the CV checks) or a JPEG or
    PNG photo whose image data is sound, at most 5 MB, by content."""
    return _beside(field, _check_document, upload, SCAN_TYPES, _sniff_scan)


def _beside(field: str, check: Callable[..., CheckedFile], *args: Any) -> CheckedFile:
    try:
        return check(*args)
    except DomainError as error:
        raise DomainError(error.message, field=field) from None


def _check_document(
    upload: FileStorage | None,
    types: dict[str, str],
    sniff: Callable[[bytes], str | None],
) -> CheckedFile:
    if upload is None or not upload.filename:
        raise _refuse(_l("Choose a file."))
    count_upload()
    extensions = set(types.values()) | ({"jpeg"} if JPEG in types else set())
    name = _checked_name(upload.filename, extensions)
    data = upload.stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _refuse(_l("The file is larger than 5 MB."))
    if not data:
        raise _refuse(_l("The file is empty."))
    content_type = sniff(data)
    if content_type is None:
        if JPEG in types:
            raise _refuse(_l("This file is not a real PDF, JPEG or PNG file."))
        raise _refuse(_l("This file is not a real PDF, DOCX or ODT document."))
    extension = name.rsplit(".", 1)[1].lower().replace("jpeg", "jpg")
    if types[content_type] != extension:
        raise _refuse(_l("The file's content does not match its extension."))
    return CheckedFile(
        data=data,
        content_type=content_type,
        original_name=name,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _sniff_scan(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return _sniff_cv(data)
    if not (data.startswith(b"\xff\xd8\xff") or data.startswith(b"\x89PNG\r\n\x1a\n")):
        return None
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ("JPEG", "PNG") or probe.width * probe.height > MAX_SCAN_PIXELS:
                return None
            probe.verify()
            return JPEG if probe.format == "JPEG" else PNG
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        return None


def store(checked: CheckedFile, *, owner_id: int | None, kind: str) -> Document:
    """A new Document (and its bytes), added to the current transaction."""
    document = Document(
        owner_id=owner_id,
        kind=kind,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    document.content = DocumentContent(data=checked.data)
    db.session.add(document)
    return document


def copy_document(document: Document, *, owner_id: int | None) -> Document:
    """A copy of `document` and its bytes (an application's own copy of the profile's
    CV, which the person may later replace or delete)."""
    copy = Document(
        owner_id=owner_id,
        kind=document.kind,
        original_name=document.original_name,
        content_type=document.content_type,
        size=document.size,
        sha256=document.sha256,
    )
    copy.content = DocumentContent(data=document_bytes(document))
    db.session.add(copy)
    return copy


def document_bytes(document: Document) -> bytes:
    """The stored bytes of `document` (never loaded with the metadata)."""
    content = db.session.get(DocumentContent, document.id)
    return content.data if content is not None else b""


def download_response(document: Document, data: bytes) -> Response:
    """Always an attachment, never sniffed, never cached by shared caches."""
    ascii_name = (
        unicodedata.normalize("NFKD", document.original_name).encode("ascii", "ignore").decode()
        or "document"
    )
    ascii_name = re.sub(r"[^A-Za-z0-9._ -]", "_", ascii_name)
    disposition = (
        f'attachment; filename="{ascii_name}"; '
        f"filename*=UTF-8''{quote(document.original_name, safe='')}"
    )
    response = Response(data, mimetype=document.content_type)
    response.headers["Content-Disposition"] = disposition
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
