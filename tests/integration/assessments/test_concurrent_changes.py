"""No lost update, atomic state changes: versions, conflicts, save racing submit, double submit.

The race tests run real threads with their own sessions on a database of their own (a
fresh SQLite file, or a fresh schema when the suite runs on PostgreSQL), since the usual
test transaction would hide one thread's work from the other.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments import services
from rcapp.assessments.changes import Conflict
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput, KpiEntry
from rcapp.audit.models import AuditEntry
from rcapp.errors import InvalidState
from tests.factories import answer_of, fill_complete, make_world, start, submitted_assessment


def test_a_save_from_an_older_page_is_refused_and_the_first_save_kept(
    db_session: Session,
) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    colleague = world.user_a
    # Both opened the page before anything was saved (version 0).
    first = services.save_section(
        assessment, rubric, "C1", {"C1.E1.1": ItemInput(level="3", version=0)}, colleague
    )
    assert first.ok
    assert first.changed == ("C1.E1.1",)
    second = services.save_section(
        assessment, rubric, "C1", {"C1.E1.1": ItemInput(level="1", version=0)}, world.user_a
    )
    assert not second.ok
    (conflict,) = second.conflicts
    assert conflict.subject == "C1.E1.1"
    assert conflict.current["level"] == 3
    assert answer_of(assessment, "C1.E1.1") == (3, None)  # the first save holds
    # The user decides: saving again on the version shown overwrites on purpose.
    third = services.save_section(
        assessment,
        rubric,
        "C1",
        {"C1.E1.1": ItemInput(level="1", version=conflict.version)},
        world.user_a,
    )
    assert third.ok
    assert answer_of(assessment, "C1.E1.1") == (1, None)


def test_an_older_page_with_the_same_values_is_no_conflict(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    services.save_section(assessment, rubric, "C1", {"C1.E1.1": ItemInput(level="2")}, world.user_a)
    again = services.save_section(
        assessment, rubric, "C1", {"C1.E1.1": ItemInput(level="2", version=0)}, world.user_a
    )
    assert again.ok
    assert not again.conflicts
    assert not again.changed


_LONG_AGO = dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def _last_activity_long_ago(db_session: Session, assessment: Assessment) -> None:
    db_session.execute(
        update(Assessment).where(Assessment.id == assessment.id).values(updated_at=_LONG_AGO)
    )
    db_session.expire_all()


def _last_activity(db_session: Session, assessment: Assessment) -> dt.datetime:
    stored = db_session.scalar(select(Assessment.updated_at).where(Assessment.id == assessment.id))
    assert stored is not None
    return stored if stored.tzinfo else stored.replace(tzinfo=dt.UTC)


def test_a_save_that_changes_nothing_leaves_the_last_activity(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    services.save_section(assessment, rubric, "C1", {"C1.E1.1": ItemInput(level="2")}, world.user_a)
    services.save_kpi_inputs(assessment, rubric, {"drills": KpiEntry("4")}, world.user_a)
    _last_activity_long_ago(db_session, assessment)

    same = services.save_section(
        assessment, rubric, "C1", {"C1.E1.1": ItemInput(level="2", version=1)}, world.user_a
    )
    same_kpi = services.save_kpi_inputs(
        assessment, rubric, {"drills": KpiEntry("4", version=1)}, world.user_a
    )
    db_session.flush()

    assert same.ok
    assert not same.changed
    assert same_kpi.ok
    assert not same_kpi.changed
    assert _last_activity(db_session, assessment) == _LONG_AGO

    stored = next(a for a in assessment.answers if a.item_id == "C1.E1.1")
    changed = services.save_section(
        assessment,
        rubric,
        "C1",
        {"C1.E1.1": ItemInput(level="3", version=stored.version)},
        world.user_a,
    )
    db_session.flush()
    assert changed.changed == ("C1.E1.1",)
    assert _last_activity(db_session, assessment) > _LONG_AGO


def test_kpi_input_from_an_older_page_is_refused(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    services.save_kpi_inputs(assessment, rubric, {"drills": KpiEntry("4", version=0)}, world.user_a)
    stale = services.save_kpi_inputs(
        assessment, rubric, {"drills": KpiEntry("9", version=0)}, world.user_a
    )
    (conflict,) = stale.conflicts
    assert isinstance(conflict, Conflict)
    assert conflict.current["value"] == Decimal(4)
    assert {v.input_id: v.value for v in assessment.kpi_values} == {"drills": Decimal(4)}


def test_double_submit_is_harmless(db_session: Session) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    with pytest.raises(InvalidState):
        services.submit_assessment(assessment, world.user_a)
    submits = db_session.scalar(
        select(func.count()).where(
            AuditEntry.action == "submit", AuditEntry.entity_id == assessment.id
        )
    )
    assert submits == 1


def test_no_save_after_submit(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    rubric = fill_complete(assessment, world.user_a)
    services.submit_assessment(assessment, world.user_a)
    with pytest.raises(InvalidState):
        services.save_section(
            assessment, rubric, "C1", {"C1.E1.1": ItemInput(level="0")}, world.user_a
        )
    with pytest.raises(InvalidState):
        services.save_kpi_inputs(assessment, rubric, {"drills": KpiEntry("1")}, world.user_a)


# --- races on a database of their own (tests/integration/conftest.py) ----------------------


def _in_thread(app: Flask, barrier: threading.Barrier, work: Callable[[Session], None]) -> None:
    with app.app_context():
        session = db.session()
        barrier.wait()
        try:
            work(session)
            session.commit()
        except (InvalidState, services.Incomplete, OperationalError):
            # Refused (or, on SQLite without an up-front write lock, "database is locked"):
            # either way this attempt changed nothing.
            session.rollback()


def _run_together(app: Flask, works: Sequence[Callable[[Session], None]]) -> None:
    """Run each work in its own thread and session, all released at once by a barrier."""
    barrier = threading.Barrier(len(works))
    threads = [threading.Thread(target=_in_thread, args=(app, barrier, work)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)


def _loaded(session: Session, assessment_id: int, user_id: int) -> tuple[Assessment, User]:
    assessment = session.get(Assessment, assessment_id)
    actor = session.get(User, user_id)
    assert assessment is not None
    assert actor is not None
    return assessment, actor


def _submitter(assessment_id: int, user_id: int) -> Callable[[Session], None]:
    def submit(session: Session) -> None:
        services.submit_assessment(*_loaded(session, assessment_id, user_id))

    return submit


def _prepare(app: Flask) -> tuple[int, int]:
    with app.app_context():
        world = make_world()
        assessment = start(world)
        fill_complete(assessment, world.user_a)
        db.session().commit()
        return assessment.id, world.user_a.id


def test_save_racing_submit_never_leaves_a_stale_stored_score(isolated_app: Flask) -> None:
    assessment_id, user_id = _prepare(isolated_app)
    for level in (0, 4, 1, 3, 0, 4):
        with isolated_app.app_context():
            assessment = db.session().get(Assessment, assessment_id)
            assert assessment is not None
            assessment.status = AssessmentStatus.DRAFT
            assessment.overall_score = None
            db.session().commit()

        def save(session: Session, level: int = level) -> None:
            assessment, actor = _loaded(session, assessment_id, user_id)
            answers = {"C1.E1.1": ItemInput(level=str(level))}
            services.save_section(assessment, rubric_of(assessment), "C1", answers, actor)

        _run_together(isolated_app, [save, _submitter(assessment_id, user_id)])
        with isolated_app.app_context():
            assessment = db.session().get(Assessment, assessment_id)
            assert assessment is not None
            if assessment.status is AssessmentStatus.SUBMITTED:
                card = services.compute_scorecard(assessment, rubric_of(assessment))
                assert assessment.overall_score == card.overall


def test_five_simultaneous_submits_submit_once(isolated_app: Flask) -> None:
    assessment_id, user_id = _prepare(isolated_app)
    _run_together(isolated_app, [_submitter(assessment_id, user_id)] * 5)
    with isolated_app.app_context():
        session = db.session()
        submits = session.scalar(
            select(func.count()).where(
                AuditEntry.action == "submit", AuditEntry.entity_id == assessment_id
            )
        )
        assessment = session.get(Assessment, assessment_id)
        assert assessment is not None
        assert assessment.status is AssessmentStatus.SUBMITTED
        assert submits == 1


def test_returning_twice_is_refused_the_second_time(db_session: Session) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    services.return_assessment(assessment, "请补充 C1 证据", world.secretariat)
    with pytest.raises(InvalidState):
        services.return_assessment(assessment, "再次退回", world.secretariat)
    assert assessment.return_comment == "请补充 C1 证据"
