"""Evidence attachments of an assessment's items: add and delete, audited; levels they cap."""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import IO

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments import storage
from rcapp.assessments.changes import lock_editable, touch
from rcapp.assessments.file_columns import stored_file_values
from rcapp.assessments.models import Assessment, Attachment
from rcapp.assessments.validation import Problem, evidence_cap
from rcapp.audit.services import record
from rcapp.errors import NotFound
from rcapp.rubrics.model import Rubric

logger = logging.getLogger(__name__)

MAX_FILES_PER_ITEM = 20


def evidence_subjects(rubric: Rubric) -> set[str]:
    """Ids evidence can be attached to: every item and every prerequisite."""
    return set(rubric.item_index()) | {p.id for p in rubric.prerequisites}


def _check_can_add(assessment: Assessment, rubric: Rubric, item_id: str, name: str) -> None:
    lock_editable(assessment, "add evidence")
    if item_id not in evidence_subjects(rubric):
        raise NotFound(f"no item {item_id!r} in {rubric.key}")
    count = sum(1 for a in assessment.attachments if a.item_id == item_id)
    if count >= MAX_FILES_PER_ITEM:
        raise storage.UploadRefused("count", name=name, limit=MAX_FILES_PER_ITEM)


def _audit_added(actor: User, assessment: Assessment, attachment: Attachment) -> None:
    after = {
        "attachment": attachment.id,
        "name": attachment.original_name,
        "sha256": attachment.sha256,
        "size": attachment.size,
    }
    record(
        actor, "assessment", assessment.id, "evidence.add", field=attachment.item_id, after=after
    )
    touch(assessment)
    logger.info(
        "evidence %s added to %s of assessment %s", attachment.id, attachment.item_id, assessment.id
    )


def add_attachment(
    assessment: Assessment,
    rubric: Rubric,
    item_id: str,
    filename: str,
    stream: IO[bytes],
    actor: User,
) -> Attachment:
    """Check and store one evidence file for an item; raise storage.UploadRefused if unfit."""
    name = storage.upload_name(filename)
    _check_can_add(assessment, rubric, item_id, name)
    stored = storage.store_upload(stream, name, storage.max_upload_bytes(), storage.upload_dir())
    same = [a for a in same_content(assessment, stored.sha256) if a.item_id == item_id]
    if same:
        # The same file chosen again (a second click, a re-upload), or the same content under
        # another name: one copy is enough for the item, and the user is told which it is.
        stored.path.unlink(missing_ok=True)
        if any(a.original_name == name for a in same):
            raise storage.UploadRefused("duplicate", name=name)
        raise storage.UploadRefused("same_content", name=name, existing=same[0].original_name)
    attachment = Attachment(
        assessment=assessment, item_id=item_id, **stored_file_values(name, stored, actor.id)
    )
    session = db.session()
    session.add(attachment)
    # The file is on disk already: it goes if the row is not written or not committed.
    storage.flush_keeping(session, stored)
    _audit_added(actor, assessment, attachment)
    return attachment


def same_content(assessment: Assessment, sha256: str) -> list[Attachment]:
    """Return the assessment's files with this content (by SHA-256), oldest first.

    Another item's file of the same content is stored again for the new item (its own row
    and file: a deletion never takes another item's evidence); the page says it is the same.
    """
    found = [a for a in assessment.attachments if a.sha256 == sha256]
    return sorted(found, key=lambda a: a.id or 0)


def delete_attachment(assessment: Assessment, attachment: Attachment, actor: User) -> None:
    """Delete an evidence file; the file itself goes once the deletion is committed."""
    lock_editable(assessment, "delete evidence")
    if attachment.assessment_id != assessment.id:
        raise NotFound(f"attachment {attachment.id} is not part of assessment {assessment.id}")
    path = storage.stored_path(attachment.stored_name, storage.upload_dir())
    record(
        actor,
        "assessment",
        assessment.id,
        "evidence.delete",
        field=attachment.item_id,
        before={
            "attachment": attachment.id,
            "name": attachment.original_name,
            "sha256": attachment.sha256,
        },
    )
    assessment.attachments.remove(attachment)
    touch(assessment)
    session = db.session()
    session.flush()
    storage.on_outcome(session, committed=lambda: path.unlink(missing_ok=True))
    logger.info("evidence %s deleted from assessment %s", attachment.id, assessment.id)


def evidence_warnings(
    assessment: Assessment, rubric: Rubric, item_ids: Collection[str]
) -> tuple[Problem, ...]:
    """Warn for each of `item_ids` whose stored level counts lower for missing evidence."""
    items = rubric.item_index()
    answers = {a.item_id: a for a in assessment.answers if a.item_id in item_ids}
    filed = {a.item_id for a in assessment.attachments}
    found = []
    for item_id in sorted(item_ids):
        answer = answers.get(item_id)
        if item_id not in items or answer is None or answer.is_na:
            continue
        problem = evidence_cap(
            items[item_id], answer.level, answer.value, answer.evidence_note, item_id in filed
        )
        if problem is not None:
            found.append(problem)
    return tuple(found)
