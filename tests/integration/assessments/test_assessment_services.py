"""Assessment services on the real database: save, validate, submit, return, audit."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import AssessmentStatus
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.audit.models import AuditEntry
from rcapp.errors import InvalidState
from tests.factories import answer_of, fill_complete, make_world, start, submitted_assessment


def test_start_pins_the_cycle_rubric_with_its_hash_and_is_idempotent(db_session: Session) -> None:
    world = make_world()
    first = start(world)
    again = start(world)
    assert again.id == first.id
    assert (first.rubric_id, first.rubric_version) == ("mini-company", 1)
    assert len(first.rubric_sha256) == 64
    assert first.rubric_sha256 != "0" * 64
    assert first.status is AssessmentStatus.DRAFT


def test_save_keeps_valid_fields_when_one_is_wrong(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    answers = {
        "C1.E1.1": ItemInput(level="3", comment="每年两次"),
        "C1.E1.2": ItemInput(value="250", comment="数量有误"),  # max is 100
    }
    result = services.save_section(assessment, rubric, "C1", answers, world.user_a)
    assert not result.ok
    assert answer_of(assessment, "C1.E1.1") == (3, None)
    # The wrong number is refused, but the comment typed beside it is kept.
    assert answer_of(assessment, "C1.E1.2") == (None, None)
    comment = next(a.comment for a in assessment.answers if a.item_id == "C1.E1.2")
    assert comment == "数量有误"
    [problem] = result.problems
    assert (problem.subject, problem.field, problem.code) == ("C1.E1.2", "value", "above_max")


def test_number_out_of_range_is_refused_with_a_message_naming_the_item(
    app: Flask, db_session: Session
) -> None:
    from rcapp.assessments.messages import problem_text

    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    result = services.save_section(
        assessment, rubric, "C1", {"C1.E1.2": ItemInput(value="-1")}, world.user_a
    )
    [problem] = result.problems
    assert problem.code == "below_min"
    with app.test_request_context():
        assert problem_text(problem) == "C1.E1.2：数值不能小于 0。"


def test_na_without_reason_is_refused_and_na_where_not_allowed_too(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    no_reason = services.save_section(
        assessment, rubric, "C6", {"C6.E1.1": ItemInput(is_na=True)}, world.user_a
    )
    assert [p.code for p in no_reason.problems] == ["na_reason_required"]
    assert not any(a.is_na for a in assessment.answers)
    not_allowed = services.save_section(
        assessment, rubric, "MS", {"MS.G1.2": ItemInput(is_na=True, na_reason="无")}, world.user_a
    )
    assert [p.code for p in not_allowed.problems] == ["na_not_allowed"]
    with_reason = services.save_section(
        assessment,
        rubric,
        "C6",
        {"C6.E1.1": ItemInput(is_na=True, na_reason="不销售产品")},
        world.user_a,
    )
    assert with_reason.ok
    assert next(a for a in assessment.answers if a.item_id == "C6.E1.1").is_na


def test_level_out_of_range_is_refused(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    result = services.save_section(
        assessment,
        rubric,
        "MS",
        {"MS.G1.1": ItemInput(level="5"), "MS.G1.2": ItemInput(level="2")},
        world.user_a,
    )
    assert {(p.subject, p.code) for p in result.problems} == {
        ("MS.G1.1", "level_range"),
        ("MS.G1.2", "level_range"),
    }
    assert answer_of(assessment, "MS.G1.1") == (None, None)


def test_submit_with_missing_answers_lists_them(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    services.save_section(assessment, rubric, "MS", {"MS.G1.1": ItemInput(level="2")}, world.user_a)
    with pytest.raises(services.Incomplete) as raised:
        services.submit_assessment(assessment, world.user_a)
    missing = {(m.kind, m.subject_id) for m in raised.value.missing}
    assert ("item", "MS.G1.2") in missing
    assert ("item", "C1.E1.2") in missing
    assert ("item", "MS.G1.1") not in missing
    assert ("prerequisite", "P1") in missing
    assert ("kpi_input", "hours_employees") in missing
    assert assessment.status is AssessmentStatus.DRAFT


def test_submit_locks_and_stores_the_computed_score(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    card = services.submit_assessment(assessment, world.user_a)
    assert assessment.status is AssessmentStatus.SUBMITTED
    assert assessment.submitted_by_id == world.user_a.id
    assert assessment.submitted_at is not None
    db_session.commit()
    db_session.expire_all()
    fresh = services.compute_scorecard(assessment)
    assert assessment.overall_score == fresh.overall == card.overall
    assert assessment.overall_score is not None
    assert assessment.stars == fresh.rating.stars
    with pytest.raises(InvalidState):
        services.save_section(
            assessment,
            rubric_of(assessment),
            "MS",
            {"MS.G1.2": ItemInput(level="0")},
            world.user_a,
        )


def test_submit_twice_is_an_invalid_state(db_session: Session) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    with pytest.raises(InvalidState):
        services.submit_assessment(assessment, world.user_a)


def test_return_makes_it_editable_with_the_comment(db_session: Session) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    with pytest.raises(services.CommentRequired):
        services.return_assessment(assessment, "  ", world.secretariat)
    services.return_assessment(assessment, "请补充演练评估报告", world.secretariat)
    assert assessment.status is AssessmentStatus.RETURNED
    assert assessment.is_editable
    assert assessment.return_comment == "请补充演练评估报告"
    assert assessment.overall_score is None
    result = services.save_section(
        assessment, rubric_of(assessment), "MS", {"MS.G1.2": ItemInput(level="0")}, world.user_a
    )
    assert result.ok
    with pytest.raises(InvalidState):
        services.return_assessment(assessment, "again", world.secretariat)


def test_audit_entries_hold_before_and_after(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    services.save_section(assessment, rubric, "MS", {"MS.G1.1": ItemInput(level="1")}, world.user_a)
    services.save_section(assessment, rubric, "MS", {"MS.G1.1": ItemInput(level="3")}, world.user_a)
    entries = db_session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == "assessment", AuditEntry.entity_id == assessment.id)
        .order_by(AuditEntry.id)
    ).all()
    assert [e.action for e in entries] == ["start", "answer.update", "answer.update"]
    last = entries[-1]
    assert last.field == "MS.G1.1"
    assert last.actor_id == world.user_a.id
    assert json.loads(last.before or "{}") == {"level": 1}
    assert json.loads(last.after or "{}") == {"level": 3}


def test_unchanged_save_writes_no_audit_entry(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    answers = {"C1.E1.2": ItemInput(value="2")}
    services.save_section(assessment, rubric, "C1", answers, world.user_a)
    again = services.save_section(assessment, rubric, "C1", answers, world.user_a)
    assert again.changed == ()
    count = db_session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "answer.update", AuditEntry.entity_id == assessment.id
        )
    ).all()
    assert len(count) == 1
    assert answer_of(assessment, "C1.E1.2") == (None, Decimal(2))


def test_section_declared_not_applicable_needs_no_item_answers(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    result = services.save_section(
        assessment,
        rubric,
        "C6",
        {},
        world.user_a,
        section_na=ItemInput(is_na=True, na_reason="不生产销售化学品"),
    )
    assert result.ok
    fill = services.compute_scorecard(assessment)
    assert fill.section("C6").na_reason == "不生产销售化学品"
    assert "C6.E1.1" not in fill.missing
