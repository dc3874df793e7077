"""Hostile uploads are refused with 0 bytes and 0 rows stored; real documents pass."""

import hashlib
import io
import struct
import time
import tracemalloc
import zipfile
from types import SimpleNamespace

import limits.storage.memory
import limits.strategies
import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from portal.applications.models import Application
from portal.core.domain import DomainError
from portal.core.models import Document, DocumentContent
from portal.core.uploads import check_cv
from portal.extensions import db
from tests import factories
from tests.applications.conftest import form_data
from tests.conftest import submit


def _zip(entries: dict[str, bytes], *, stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(
                zipfile.ZipInfo(stored_first),
                entries.pop(stored_first),
                compress_type=zipfile.ZIP_STORED,
            )
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
            "_rels/.rels": b"<Relationships/>",
        }
    )


def odt_bytes() -> bytes:
    return _zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"<office:document-content/>",
        },
        stored_first="mimetype",
    )


def zip_bomb() -> bytes:
    return _zip(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (60 * 1024 * 1024)}
    )


def lying_odt(expanded: int = 100 * 1024 * 1024) -> bytes:
    """An ODT of ~100 KB whose "mimetype" member expands to `expanded` bytes while its
    headers declare 39: the declared sizes pass every check, the content does not."""
    data = bytearray(
        _zip({"mimetype": b"\0" * expanded, "content.xml": b"<office:document-content/>"})
    )
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = data.find(signature)  # the first member is "mimetype"
        data[start + offset : start + offset + 4] = struct.pack("<I", 39)
    return bytes(data)


PDF = factories.pdf_bytes()
HOSTILE = {
    "6 MB file": ("cv.pdf", PDF[:-6] + b"\n" + b"0" * (6 * 1024 * 1024) + PDF[-6:]),
    "empty file": ("cv.pdf", b""),
    "HTML renamed .pdf": ("cv.pdf", b"<!doctype html><html><script>alert(1)</script></html>"),
    "SVG renamed .pdf": ("cv.pdf", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    "executable renamed .pdf": (
        "cv.pdf",
        b"MZ\x90\x00\x03" + b"\x00" * 200 + b"This program cannot be run in DOS mode",
    ),
    "ELF renamed .pdf": ("cv.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 200),
    "PDF+HTML polyglot": (
        "cv.pdf",
        PDF[:-6] + b"<html><body><script>alert(1)</script></body></html>\n%%EOF\n",
    ),
    **{
        f"PDF+HTML polyglot with {vector[:24]!r}": ("cv.pdf", PDF[:-6] + vector + b"\n%%EOF\n")
        for vector in (
            b"<img src=x onerror=alert(1)>",
            b"<IMG SRC=x OnError=alert(1)>",
            b"<svg/onload=alert(1)>",
            b"<a href=javascript:alert(1)>x</a>",
            b"<iframe src=//evil.example>",
            b"<style>*{x:expression(alert(1))}</style>",
            b"<form action=//evil.example><input name=x></form>",
            b"<details open ontoggle=alert(1)>",
            b"<body onload=alert(1)>",
            b"<x onmouseover=alert(1)>hover",
            b"<!DOCTYPE html><p>x",
        )
    },
    "../ in the name": ("../../etc/cv.pdf", PDF),
    "NUL in the name": ("cv\x00.pdf", PDF),
    "name with no ASCII letters": ("履歴書.pdf", PDF),
    "double extension": ("cv.exe.pdf", PDF),
    "DOCX zip bomb": ("cv.docx", zip_bomb()),
    "ODT lying about its sizes": ("cv.odt", lying_odt()),
    "PDF named .docx": ("cv.docx", PDF),
    "plain zip named .docx": ("cv.docx", _zip({"a.txt": b"hello"})),
    "wrong extension": ("cv.html", PDF),
}


def _rows():
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Application, Document, DocumentContent)
    }


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_upload_is_refused_and_nothing_is_stored(client, login, unesco_role, case):
    name, data = HOSTILE[case]
    login(factories.user())
    response = submit(
        client,
        "/en/roles/bilingual/apply",
        form_data(unesco_role, cv=(io.BytesIO(data), name)),
        content_type="multipart/form-data",
    )
    assert response.status_code in (200, 413), case
    if response.status_code == 200:
        page = response.get_data(as_text=True)
        assert 'id="cv-error"' in page, case
        assert "I have worked in education" in page  # the input comes back
    assert _rows() == {"applications": 0, "documents": 0, "document_contents": 0}, case


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("cv.pdf", PDF, "application/pdf"),
        (
            "Lebenslauf Müller.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("cv.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
    ],
)
def test_real_documents_are_accepted_by_content(
    client, login, unesco_role, name, data, content_type
):
    login(factories.user())
    response = submit(
        client,
        "/en/roles/bilingual/apply",
        form_data(unesco_role, cv=(io.BytesIO(data), name)),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    document = db.session.scalars(select(Document)).one()
    assert (document.original_name, document.content_type, document.size) == (
        name,
        content_type,
        len(data),
    )

    assert document.sha256 == hashlib.sha256(data).hexdigest()


def lying_docx(expanded: int = 200 * 1024 * 1024) -> bytes:
    """A DOCX whose media member (one nothing needs to read) expands to `expanded`
    bytes while its headers declare 10."""
    data = bytearray(
        _zip(
            {
                "word/media/big.bin": b"\0" * expanded,
                "[Content_Types].xml": b"<Types/>",
                "word/document.xml": b"<w:document/>",
            }
        )
    )
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = data.find(signature)  # the first member is the media one
        data[start + offset : start + offset + 4] = struct.pack("<I", 10)
    return bytes(data)


@pytest.mark.parametrize("make", [lying_odt, lying_docx], ids=["odt", "docx"])
def test_an_archive_lying_about_its_sizes_is_refused_and_costs_no_memory(make):
    """What each member really inflates to is counted a chunk at a time with a hard
    cap: a small upload that expands to 100 MB while declaring a few bytes is refused
    within a few MB, whichever member lies (found by an attack on team documents)."""
    upload = FileStorage(io.BytesIO(make()), filename="cv.odt" if make is lying_odt else "cv.docx")
    tracemalloc.start()
    try:
        with pytest.raises(DomainError, match="expands to far more than its size"):
            check_cv(upload)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, peak


def test_thirty_files_an_hour_per_account_then_a_429(client, login, unesco_role):
    """Checking a file costs memory and time: an account (confirmed or not) may send 30
    an hour; sending forms without a file does not count."""
    login(factories.user(confirmed=False))
    for _ in range(3):
        response = submit(
            client,
            "/en/roles/bilingual/apply",
            form_data(unesco_role),
            content_type="multipart/form-data",
        )
        assert response.status_code in (200, 302)
    for n in range(30):
        response = submit(
            client,
            "/en/roles/bilingual/apply",
            form_data(unesco_role, cv=(io.BytesIO(b"not a pdf"), "cv.pdf")),
            content_type="multipart/form-data",
        )
        assert response.status_code == 200, n
    refused = submit(
        client,
        "/en/roles/bilingual/apply",
        form_data(unesco_role, cv=(io.BytesIO(PDF), "cv.pdf")),
        content_type="multipart/form-data",
    )
    assert refused.status_code == 429


def test_the_hourly_limit_holds_across_the_turn_of_the_hour(
    client, login, unesco_role, monkeypatch
):
    """Any 60 minutes, not the clock hour: 30 files at 09:59:50 still count at 10:00:10."""
    login(factories.user())
    now = [3600 * 480_000 - 10.0]  # ten seconds before a full hour
    clock = SimpleNamespace(time=lambda: now[0], monotonic=time.monotonic)
    monkeypatch.setattr(limits.storage.memory, "time", clock)
    monkeypatch.setattr(limits.strategies, "time", clock)
    for _ in range(30):
        submit(
            client,
            "/en/roles/bilingual/apply",
            form_data(unesco_role, cv=(io.BytesIO(b"not a pdf"), "cv.pdf")),
            content_type="multipart/form-data",
        )
    now[0] += 20
    refused = submit(
        client,
        "/en/roles/bilingual/apply",
        form_data(unesco_role, cv=(io.BytesIO(PDF), "cv.pdf")),
        content_type="multipart/form-data",
    )
    assert refused.status_code == 429
