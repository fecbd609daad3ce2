"""Evidence files: formats checked by content, no orphan file when the row is not written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rcapp.assessments import services, storage
from rcapp.assessments.models import Attachment
from rcapp.assessments.queries import rubric_of
from tests.factories import make_world, start

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def zipped(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("发票.ofd", zipped("OFD.xml", "Doc_0/Document.xml")),
        ("照片.zip", zipped("a.jpg", "b.jpg")),
        ("台账.xls", OLE),
        ("制度.doc", OLE),
        ("预案.docx", zipped("[Content_Types].xml", "word/document.xml")),
    ],
)
def test_office_ofd_and_zip_files_are_accepted_by_content(
    app: Flask, db_session: Session, name: str, content: bytes
) -> None:
    world = make_world()
    assessment = start(world)
    attachment = services.add_attachment(
        assessment, rubric_of(assessment), "MS.G1.1", name, io.BytesIO(content), world.user_a
    )
    assert attachment.original_name == name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("invoice.ofd", zipped("word/document.xml")),  # a zip, but not an OFD document
        ("photos.zip", b"PK\x05\x06" + b"\x00" * 18),  # empty-archive marker only
        ("ledger.xls", PDF),
        ("renamed.zip", PDF),
    ],
)
def test_files_whose_content_does_not_match_are_refused(
    app: Flask, db_session: Session, name: str, content: bytes
) -> None:
    world = make_world()
    assessment = start(world)
    upload_dir = Path(app.config["UPLOAD_DIR"])
    upload_dir.mkdir(parents=True, exist_ok=True)
    before = set(upload_dir.iterdir())
    with pytest.raises(storage.UploadRefused) as refused:
        services.add_attachment(
            assessment, rubric_of(assessment), "MS.G1.1", name, io.BytesIO(content), world.user_a
        )
    assert refused.value.code == "content"
    assert set(upload_dir.iterdir()) == before  # nothing left on disk


def test_a_failed_database_write_leaves_no_file_behind(
    app: Flask, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    upload_dir = Path(app.config["UPLOAD_DIR"])
    upload_dir.mkdir(parents=True, exist_ok=True)
    before = set(upload_dir.iterdir())
    written: list[Path] = []
    original = storage.store_upload

    def spy(*args: object, **kwargs: object) -> storage.StoredFile:
        stored = original(*args, **kwargs)  # type: ignore[arg-type]
        written.append(stored.path)
        return stored

    def fail(session: Session, _context: object, _instances: object) -> None:
        # Only the attachment's INSERT fails, after the file was written.
        if any(isinstance(new, Attachment) for new in session.new):
            raise IntegrityError("INSERT INTO attachments", {}, Exception("disk full"))

    event.listen(db_session, "before_flush", fail)
    monkeypatch.setattr(storage, "store_upload", spy)
    try:
        with pytest.raises(IntegrityError):
            services.add_attachment(
                assessment, rubric, "MS.G1.1", "a.pdf", io.BytesIO(PDF), world.user_a
            )
    finally:
        event.remove(db_session, "before_flush", fail)
    assert set(upload_dir.iterdir()) == before
    assert written, "the file was written before the row failed"


def test_evidence_can_be_attached_to_a_prerequisite(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    attachment = services.add_attachment(
        assessment, rubric_of(assessment), "P1", "许可证.pdf", io.BytesIO(PDF), world.user_a
    )
    assert attachment.item_id == "P1"
