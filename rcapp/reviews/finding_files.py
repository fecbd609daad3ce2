"""Photos and files a reviewer attaches to a finding: checked and stored as evidence is.

The one upload check and store of assessments/storage.py (type by content, size limit,
random names outside the web root) serves here too. A file is written before its row is
committed: `storage.on_outcome` removes it when the transaction does not commit, and
removes a deleted finding's files only once the deletion is.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import IO

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments import storage
from rcapp.assessments.file_columns import stored_file_values
from rcapp.audit.services import record
from rcapp.reviews.models import Finding, FindingFile

logger = logging.getLogger(__name__)

MAX_FILES_PER_FINDING = 5


def attach_files(
    finding: Finding, uploads: Sequence[tuple[str, IO[bytes]]], actor: User
) -> list[FindingFile]:
    """Check and store each (name, stream) on the finding; raise storage.UploadRefused.

    The caller rolls back on a refusal: no file of the batch stays (on_outcome).
    """
    added = []
    for filename, stream in uploads:
        name = storage.upload_name(filename)
        if len(finding.files) >= MAX_FILES_PER_FINDING:
            raise storage.UploadRefused("finding_count", name=name, limit=MAX_FILES_PER_FINDING)
        added.append(_store(finding, name, stream, actor))
    return added


def _store(finding: Finding, name: str, stream: IO[bytes], actor: User) -> FindingFile:
    stored = storage.store_upload(stream, name, storage.max_upload_bytes(), storage.upload_dir())
    file = FindingFile(**stored_file_values(name, stored, actor.id))
    finding.files.append(file)
    storage.flush_keeping(db.session(), stored)
    after = {"file": file.id, "name": name, "sha256": stored.sha256, "size": stored.size}
    record(
        actor,
        "review",
        finding.review_id,
        "review.finding_file_add",
        field=str(finding.id),
        after=after,
    )
    logger.info("file %s attached to finding %s", file.id, finding.id)
    return file


def delete_file(finding: Finding, file: FindingFile, actor: User) -> None:
    """Remove one file from the finding; the stored file goes once this is committed."""
    record(
        actor,
        "review",
        finding.review_id,
        "review.finding_file_delete",
        field=str(finding.id),
        before={"file": file.id, "name": file.original_name, "sha256": file.sha256},
    )
    path = storage.stored_path(file.stored_name, storage.upload_dir())
    finding.files.remove(file)
    session = db.session()
    session.flush()
    storage.on_outcome(session, committed=lambda: path.unlink(missing_ok=True))


def forget_files(finding: Finding) -> None:
    """Delete a finding's stored files once the finding's deletion is committed.

    Call in the deleting transaction, before the finding's row is deleted (its file rows go
    with it by the cascade).
    """
    paths = [storage.stored_path(f.stored_name, storage.upload_dir()) for f in finding.files]
    if not paths:
        return

    def unlink_all() -> None:
        for path in paths:
            path.unlink(missing_ok=True)

    storage.on_outcome(db.session(), committed=unlink_all)
