"""Evidence files put straight on a live app's assessment for a browser test, then removed."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from flask import Flask

from rcapp import db
from rcapp.assessments import storage
from rcapp.assessments.models import Attachment


@contextmanager
def attached(
    live_app: Flask, assessment_id: int, item_id: str, files: Sequence[tuple[str, bytes]]
) -> Iterator[list[int]]:
    """Store `files` (name, content) on an item while the test runs; yield their ids."""
    ids = []
    with live_app.app_context():
        for name, content in files:
            stored = storage.store_upload(
                io.BytesIO(content), name, 1024 * 1024, storage.upload_dir()
            )
            attachment = Attachment(
                assessment_id=assessment_id,
                item_id=item_id,
                original_name=name,
                stored_name=stored.stored_name,
                content_type=stored.content_type,
                size=stored.size,
                sha256=stored.sha256,
            )
            db.session().add(attachment)
            db.session().commit()
            ids.append(attachment.id)
    yield ids
    with live_app.app_context():
        for attachment_id in ids:
            found = db.session().get(Attachment, attachment_id)
            if found is not None:
                storage.stored_path(found.stored_name, storage.upload_dir()).unlink()
                db.session().delete(found)
        db.session().commit()
