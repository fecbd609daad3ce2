"""Closing a year in the background: closed to work at once, results frozen by the worker.

Freezing a thousand results takes about a minute (longer than a web worker may take), so
the close page only closes the year and queues the freezing. These tests hold the task
back to see the year in between, then run it as the worker would.
"""

from __future__ import annotations

import hashlib

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments import services as assessment_services
from rcapp.assessments.models import Assessment, AssessmentStatus, SnapshotKind
from rcapp.assessments.snapshots import find_snapshot
from rcapp.audit.models import AuditEntry
from rcapp.cycles import services, tasks
from rcapp.cycles.models import ReportingCycle
from rcapp.db import utcnow
from rcapp.errors import InvalidState
from tests.conftest import TEST_RUBRICS_DIR, AuthActions
from tests.factories import (
    make_assessment,
    make_cycle,
    make_organisation,
    make_secretariat,
    make_user,
)

_MINI_SHA256 = hashlib.sha256(
    (TEST_RUBRICS_DIR / "mini-company" / "v1.yaml").read_bytes()
).hexdigest()


def _year_with_submitted(n: int) -> tuple[ReportingCycle, list[Assessment]]:
    make_secretariat(email="sec@example.cn")
    cycle = make_cycle(year=2025)
    submitted = [
        make_assessment(
            make_organisation(),
            cycle,
            status=AssessmentStatus.SUBMITTED,
            rubric_sha256=_MINI_SHA256,
        )
        for _ in range(n)
    ]
    return cycle, submitted


@pytest.fixture
def held_back(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the closes handed to the worker instead of running them at once."""
    queued: list[int] = []
    monkeypatch.setattr(tasks, "enqueue_close", lambda cycle, _actor: queued.append(cycle.id))
    return queued


def test_the_year_closes_at_once_and_the_worker_freezes_it(
    client: FlaskClient, db_session: Session, auth: AuthActions, held_back: list[int]
) -> None:
    cycle, submitted = _year_with_submitted(2)
    draft = make_assessment(make_organisation(), cycle, rubric_sha256=_MINI_SHA256)
    db_session.commit()
    auth.login("sec@example.cn")
    response = client.post(f"/cycles/{cycle.id}/close", data={"confirmed": "1"})
    assert response.status_code == 302
    assert held_back == [cycle.id]
    db_session.refresh(cycle)
    assert cycle.is_closing
    assert cycle.close_requested_at is not None
    assert cycle.closed_at is None
    # Closed to work: a draft can no longer be submitted, the year not reopened mid-way.
    with pytest.raises(InvalidState):
        assessment_services.submit_assessment(draft, make_user(draft.organisation))
    with pytest.raises(InvalidState):
        services.reopen_cycle(cycle, "too early", None)
    page = client.get(f"/cycles/{cycle.id}").get_data(as_text=True)
    assert "正在关闭" in page
    assert "已冻结 0 / 2 份" in page
    # QA13 S3: the restart is offered only once nothing has moved for a while.
    again = f'action="/cycles/{cycle.id}/close/again"'
    assert again not in page
    assert "如果 10 分钟内进度不动，本页将提供“重新开始冻结”。" in page
    cycle.close_requested_at = utcnow() - tasks.FREEZE_STUCK_AFTER
    db_session.commit()
    page = client.get(f"/cycles/{cycle.id}").get_data(as_text=True)
    assert again in page
    assert "已有 10 分钟没有新的结果冻结" in page
    assert "修改截止日期" not in page

    tasks.close_in_background(cycle.id, None)  # what the worker runs
    closed = db_session.get_one(ReportingCycle, cycle.id)
    db_session.refresh(closed)
    assert closed.is_closed
    assert closed.closed_at is not None
    assert all(find_snapshot(a, SnapshotKind.FROZEN) is not None for a in submitted)
    assert find_snapshot(draft, SnapshotKind.FROZEN) is None
    actions = db_session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity == "cycle").order_by(AuditEntry.id)
    ).all()
    assert actions.index("close.start") < actions.index("close")
    page = client.get(f"/cycles/{cycle.id}").get_data(as_text=True)
    assert "本年度已关闭，自评不能再修改。" in page
    tasks.close_in_background(cycle.id, None)  # a second run of a finished close: nothing
    closes = select(AuditEntry).where(AuditEntry.action == "close")
    assert len(db_session.scalars(closes).all()) == 1


def test_an_interrupted_close_continues_where_it_stopped(
    client: FlaskClient, db_session: Session, auth: AuthActions, held_back: list[int]
) -> None:
    cycle, submitted = _year_with_submitted(3)
    db_session.commit()
    auth.login("sec@example.cn")
    client.post(f"/cycles/{cycle.id}/close", data={"confirmed": "1"})
    commits = [0]

    def dies_after_the_first_chunk() -> None:
        db_session.commit()
        commits[0] += 1
        if commits[0] == 1:
            raise RuntimeError("the worker was stopped")

    db_session.refresh(cycle)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(assessment_services, "FREEZE_CHUNK", 1)
        with pytest.raises(RuntimeError):
            services.finish_closing(cycle, None, checkpoint=dies_after_the_first_chunk)
    db_session.rollback()
    db_session.refresh(cycle)
    assert cycle.is_closing
    first = find_snapshot(submitted[0], SnapshotKind.FROZEN)
    assert first is not None
    kept_at = first.computed_at
    assert find_snapshot(submitted[1], SnapshotKind.FROZEN) is None
    page = client.get(f"/cycles/{cycle.id}").get_data(as_text=True)
    assert "已冻结 1 / 3 份" in page

    # The cycle page's button hands the close to the worker again.
    response = client.post(f"/cycles/{cycle.id}/close/again", follow_redirects=True)
    assert "已重新开始冻结结果，已冻结的不会重复。" in response.get_data(as_text=True)
    assert held_back == [cycle.id, cycle.id]
    tasks.close_in_background(cycle.id, None)
    db_session.expire_all()
    assert db_session.get_one(ReportingCycle, cycle.id).is_closed
    assert all(find_snapshot(a, SnapshotKind.FROZEN) is not None for a in submitted)
    again = find_snapshot(submitted[0], SnapshotKind.FROZEN)
    assert again is not None
    assert again.computed_at == kept_at  # not frozen twice
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "close")).one()
    assert entry.after is not None
    assert all(str(a.id) in entry.after for a in submitted)


def test_only_one_of_two_closes_goes_ahead(db_session: Session) -> None:
    cycle, _submitted = _year_with_submitted(1)
    db_session.commit()
    services.start_closing(cycle, None)
    db_session.commit()
    with pytest.raises(InvalidState):  # the conditional update finds the year no longer open
        services.start_closing(cycle, None)
    db_session.rollback()
    starts = select(AuditEntry).where(AuditEntry.action == "close.start")
    assert len(db_session.scalars(starts).all()) == 1


def test_the_close_page_of_a_closing_year_says_it_is_closed(
    client: FlaskClient, db_session: Session, auth: AuthActions, held_back: list[int]
) -> None:
    cycle, _submitted = _year_with_submitted(1)
    db_session.commit()
    auth.login("sec@example.cn")
    client.post(f"/cycles/{cycle.id}/close", data={"confirmed": "1"})
    again = client.post(f"/cycles/{cycle.id}/close", data={"confirmed": "1"}, follow_redirects=True)
    assert "该年度已经关闭。" in again.get_data(as_text=True)
    assert held_back == [cycle.id]
    client.get("/lang/en")
    page = client.get(f"/cycles/{cycle.id}").get_data(as_text=True)
    assert "Closing" in page
    assert "Frozen so far: 0 of 1" in page
