"""Record and withdraw the secretariat's verification and good-practice case of an assessment.

Both change the five-star band's conditions, so each change rescores the stored results
(the self result stored at submit, a final one) and is written to the audit log. A closed
year's results are frozen and published: as for every review change (reviews.year_lock),
nothing is recorded or withdrawn until the secretariat reopens the year. Functions flush
and never commit.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import IO

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments import storage
from rcapp.assessments.file_columns import stored_file_values
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.recognition_models import (
    PublishedIn,
    Recognition,
    RecognitionFile,
    RecognitionKind,
    Verifier,
)
from rcapp.assessments.recognitions import standing_recognitions
from rcapp.assessments.recompute import recompute_final, recompute_self
from rcapp.audit.services import record
from rcapp.cycles.models import CycleStatus
from rcapp.db import utcnow
from rcapp.errors import RcappError
from rcapp.row_locks import locked_in_state

logger = logging.getLogger(__name__)


class RecognitionRefused(RcappError):
    """Nothing recorded; `code`: year_closed, not_submitted, changed_meanwhile."""

    def __init__(self, code: str, year: int | None = None) -> None:
        super().__init__(f"recognition refused: {code}")
        self.code = code
        self.year = year


@dataclass(frozen=True)
class Verification:
    verifier: Verifier
    verifier_name: str  # the third party's name; ignored for the secretariat
    on_date: dt.date
    note: str = ""


@dataclass(frozen=True)
class GoodPracticeCase:
    title: str
    published_in: PublishedIn
    published_where: str
    on_date: dt.date
    note: str = ""


def record_verification(
    assessment: Assessment,
    verification: Verification,
    actor: User,
    *,
    shown_id: int | None,
    upload: tuple[str, IO[bytes]] | None = None,
) -> Recognition:
    """Record (or replace) the assessment's verification; raise RecognitionRefused.

    `shown_id`: the standing verification the page showed (None: none), so one recorded
    meanwhile by a colleague is not replaced unseen. `upload` raises storage.UploadRefused.
    """
    third = verification.verifier is Verifier.THIRD_PARTY
    row = Recognition(
        kind=RecognitionKind.VERIFICATION,
        on_date=verification.on_date,
        note=verification.note,
        verifier=verification.verifier,
        verifier_name=verification.verifier_name if third else None,
    )
    _add(assessment, row, actor, shown_id)
    if upload is not None:
        _attach(row, *upload, actor)
    _audit_and_rescore(assessment, row, actor)
    return row


def record_case(
    assessment: Assessment, case: GoodPracticeCase, actor: User, *, shown_id: int | None
) -> Recognition:
    """Record (or replace) the assessment's published good-practice case."""
    row = Recognition(
        kind=RecognitionKind.GOOD_PRACTICE_CASE,
        on_date=case.on_date,
        note=case.note,
        title=case.title,
        published_in=case.published_in,
        published_where=case.published_where,
    )
    _add(assessment, row, actor, shown_id)
    _audit_and_rescore(assessment, row, actor)
    return row


def withdraw_recognition(
    recognition: Recognition, reason: str, actor: User, *, shown_version: int
) -> None:
    """Withdraw a standing verification or case, keeping it with the reason."""
    assessment = db.session().get_one(Assessment, recognition.assessment_id)
    _require_open_year(assessment)
    if not recognition.standing or recognition.version != shown_version:
        raise RecognitionRefused("changed_meanwhile")
    recognition.withdrawn_at = utcnow()
    recognition.withdrawn_by_id = actor.id
    recognition.withdrawal_reason = reason
    _keep_flags(assessment)
    record(
        actor,
        "assessment",
        assessment.id,
        "recognition.withdraw",
        field=str(recognition.kind),
        before=_logged(recognition),
        reason=reason,
    )
    _rescore(assessment, actor)
    logger.info("recognition %s withdrawn by %s", recognition.id, actor.id)


def _add(assessment: Assessment, row: Recognition, actor: User, shown_id: int | None) -> None:
    _require_open_year(assessment)
    if assessment.status is not AssessmentStatus.SUBMITTED:
        raise RecognitionRefused("not_submitted")
    standing = standing_recognitions(assessment.id).get(row.kind)
    if (standing.id if standing is not None else None) != shown_id:
        raise RecognitionRefused("changed_meanwhile")
    if standing is not None:  # replaced: kept as withdrawn, the new one says why
        standing.withdrawn_at = utcnow()
        standing.withdrawn_by_id = actor.id
        standing.withdrawal_reason = "replaced"
        db.session().flush()
    row.assessment_id = assessment.id
    row.recorded_by_id = actor.id
    db.session().add(row)
    _keep_flags(assessment)


def _keep_flags(assessment: Assessment) -> None:
    """Set the assessment's flags from what now stands: the ratings read only these."""
    db.session().flush()
    standing = standing_recognitions(assessment.id)
    assessment.is_verified = RecognitionKind.VERIFICATION in standing
    assessment.has_good_practice_case = RecognitionKind.GOOD_PRACTICE_CASE in standing
    db.session().flush()


def _attach(row: Recognition, filename: str, stream: IO[bytes], actor: User) -> None:
    name = storage.upload_name(filename)
    stored = storage.store_upload(stream, name, storage.max_upload_bytes(), storage.upload_dir())
    row.files.append(RecognitionFile(**stored_file_values(name, stored, actor.id)))
    storage.flush_keeping(db.session(), stored)


def _require_open_year(assessment: Assessment) -> None:
    cycle = assessment.cycle
    if not locked_in_state(cycle, "status", (CycleStatus.OPEN,), shared=True):
        raise RecognitionRefused("year_closed", cycle.year)


def _audit_and_rescore(assessment: Assessment, row: Recognition, actor: User) -> None:
    record(actor, "assessment", assessment.id, f"recognition.{row.kind}", after=_logged(row))
    _rescore(assessment, actor)
    logger.info("recognition %s (%s) recorded by %s", row.id, row.kind, actor.id)


def _logged(row: Recognition) -> dict[str, object]:
    values: dict[str, object] = {"id": row.id, "on_date": row.on_date, "note": row.note}
    if row.kind is RecognitionKind.VERIFICATION:
        values |= {"verifier": str(row.verifier), "verifier_name": row.verifier_name}
        values |= {"files": [f.original_name for f in row.files]}
    else:
        values |= {"title": row.title, "published_in": str(row.published_in)}
        values |= {"published_where": row.published_where}
    return values


def _rescore(assessment: Assessment, actor: User) -> None:
    """Rewrite the stored results with what now stands recorded (the lists read them)."""
    recompute_self(assessment, actor, recognised=True)
    recompute_final(assessment, actor)
