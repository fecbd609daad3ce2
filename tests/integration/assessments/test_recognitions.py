"""The secretariat's verification and good-practice case on a real database: recorded,
replaced, withdrawn, audited, refused in a closed year and when changed meanwhile, and read
the same way by the single assessment's rating and the whole cycle's."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.assessments import storage
from rcapp.assessments.cycle_rating import cycle_facts
from rcapp.assessments.inputs import Recognised
from rcapp.assessments.models import Assessment, SnapshotKind
from rcapp.assessments.queries import registry
from rcapp.assessments.recognition_models import PublishedIn, Recognition, Verifier
from rcapp.assessments.recognition_services import (
    GoodPracticeCase,
    RecognitionRefused,
    Verification,
    record_case,
    record_verification,
    withdraw_recognition,
)
from rcapp.assessments.recognitions import recognised_of
from rcapp.assessments.review_hook import review_context_of
from rcapp.assessments.snapshots import find_snapshot, snapshot_review_context
from rcapp.audit.models import AuditEntry
from rcapp.cycles.models import CycleStatus
from tests.factories import World, make_world, start, submitted_assessment

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
DAY = dt.date(2026, 3, 2)
BY_THIRD_PARTY = Verification(Verifier.THIRD_PARTY, "中化认证中心", DAY, "现场核实")
CASE = GoodPracticeCase("应急联动", PublishedIn.URL, "https://example.cn/case", DAY)


def _submitted(db_session: Session) -> tuple[World, Assessment]:
    world = make_world()
    return world, submitted_assessment(world)


def _actions(assessment: Assessment) -> list[str]:
    return list(
        db.session().scalars(
            select(AuditEntry.action)
            .where(AuditEntry.entity == "assessment", AuditEntry.entity_id == assessment.id)
            .where(AuditEntry.action.like("recognition.%"))
            .order_by(AuditEntry.id)
        )
    )


def test_recording_both_feeds_the_stored_result_and_every_rating(db_session: Session) -> None:
    world, assessment = _submitted(db_session)
    upload = ("核实报告.pdf", io.BytesIO(PDF))
    verification = record_verification(
        assessment, BY_THIRD_PARTY, world.secretariat, shown_id=None, upload=upload
    )
    record_case(assessment, CASE, world.secretariat, shown_id=None)

    assert verification.verifier_name == "中化认证中心"
    assert [f.original_name for f in verification.files] == ["核实报告.pdf"]
    assert storage.stored_path(verification.files[0].stored_name, storage.upload_dir()).is_file()
    # the single assessment's rating ...
    review = review_context_of(assessment)
    assert (review.verified, review.good_practice_case) == (True, True)
    stored = find_snapshot(assessment, SnapshotKind.SELF)
    assert stored is not None
    assert snapshot_review_context(stored).good_practice_case
    # ... and the whole cycle's, the same way
    prepared = cycle_facts(
        db_session.connection(), world.cycle.id, lambda *pin: registry().get(*pin).rubric
    )
    (context,) = [p.context for p in prepared if p.assessment_id == assessment.id]
    assert (context.verified, context.good_practice_case) == (True, True)
    assert _actions(assessment) == ["recognition.verification", "recognition.good_practice_case"]


def test_withdrawing_keeps_the_record_and_the_rating_forgets_it(db_session: Session) -> None:
    world, assessment = _submitted(db_session)
    case = record_case(assessment, CASE, world.secretariat, shown_id=None)
    withdraw_recognition(case, "案例未获批准", world.secretariat, shown_version=case.version)

    assert case.withdrawal_reason == "案例未获批准"
    assert recognised_of(assessment) == Recognised()
    assert not review_context_of(assessment).good_practice_case
    stored = find_snapshot(assessment, SnapshotKind.SELF)
    assert stored is not None
    assert not snapshot_review_context(stored).good_practice_case
    assert _actions(assessment)[-1] == "recognition.withdraw"


def test_recording_again_replaces_the_standing_one(db_session: Session) -> None:
    world, assessment = _submitted(db_session)
    first = record_case(assessment, CASE, world.secretariat, shown_id=None)
    second = record_case(assessment, CASE, world.secretariat, shown_id=first.id)
    assert (first.withdrawal_reason, second.standing) == ("replaced", True)
    assert recognised_of(assessment) == Recognised(good_practice_case=True)


def test_a_change_made_meanwhile_is_not_overwritten(db_session: Session) -> None:
    world, assessment = _submitted(db_session)
    case = record_case(assessment, CASE, world.secretariat, shown_id=None)
    with pytest.raises(RecognitionRefused) as refused:
        record_case(assessment, CASE, world.secretariat, shown_id=None)  # page showed none
    assert refused.value.code == "changed_meanwhile"
    with pytest.raises(RecognitionRefused):
        withdraw_recognition(case, "x", world.secretariat, shown_version=case.version + 1)
    assert case.standing


def test_a_closed_year_is_refused_and_its_rating_left_alone(db_session: Session) -> None:
    world, assessment = _submitted(db_session)
    case = record_case(assessment, CASE, world.secretariat, shown_id=None)
    world.cycle.status = CycleStatus.CLOSED
    db_session.flush()
    with pytest.raises(RecognitionRefused) as refused:
        record_verification(assessment, BY_THIRD_PARTY, world.secretariat, shown_id=None)
    assert (refused.value.code, refused.value.year) == ("year_closed", world.cycle.year)
    with pytest.raises(RecognitionRefused):
        withdraw_recognition(case, "x", world.secretariat, shown_version=case.version)
    assert db_session.scalars(select(Recognition)).all() == [case]


def test_a_draft_cannot_be_recognised(db_session: Session) -> None:
    world = make_world()
    draft = start(world)
    with pytest.raises(RecognitionRefused) as refused:
        record_case(draft, CASE, world.secretariat, shown_id=None)
    assert refused.value.code == "not_submitted"
