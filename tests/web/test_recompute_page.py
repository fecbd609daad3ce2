"""The secretariat recomputes an open year's stored results from the year's page, as a job."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp.assessments.models import SnapshotKind
from rcapp.assessments.snapshots import (
    find_snapshot,
    snapshot_review_context,
    snapshot_scorecard,
    write_snapshot,
)
from rcapp.cycles.models import CycleStatus
from rcapp.reports.models import JobKind, JobStatus, ReportJob
from rcapp.reports.recompute_job import run_recompute_job
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, make_review_world


def _store_one_star(world: ReviewWorld) -> int:
    """Store the first self result as an older code would have: one star; return the true stars."""
    assessment = world.assessments[0]
    stored = find_snapshot(assessment, SnapshotKind.SELF)
    assert stored is not None
    card = snapshot_scorecard(stored)
    old = dataclasses.replace(
        card, overall=Decimal("12.3"), rating=dataclasses.replace(card.rating, stars=1)
    )
    write_snapshot(assessment, SnapshotKind.SELF, old, snapshot_review_context(stored))
    return card.rating.stars


def _jobs(session: Session) -> int:
    statement = select(func.count()).where(ReportJob.kind == JobKind.RECOMPUTE)
    return session.scalar(statement) or 0


def test_the_secretariat_confirms_and_the_job_lists_the_changed_rating_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    true_stars = _store_one_star(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    year_page = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    assert "重新计算 2025 年度的已存结果…" in year_page
    confirm = client.get(f"/reports/cycles/{world.cycle.id}/recompute").get_data(as_text=True)
    assert "评审员和组长确定的等级保持不变" in confirm
    assert "确认重新计算 2025 年度" in confirm

    response = client.post(f"/reports/cycles/{world.cycle.id}/recompute", follow_redirects=True)
    page = response.get_data(as_text=True)

    job = db_session.scalars(select(ReportJob).where(ReportJob.kind == JobKind.RECOMPUTE)).one()
    db_session.refresh(job)
    assert job.status is JobStatus.DONE  # the queue runs tasks at once under test
    assert response.request.path == f"/reports/jobs/{job.id}"
    assert "重新计算了 5 份已存结果，其中 1 份有变化并已更新" in page
    assert "1 个星级有变化" in page
    assert "星级、总分" in page  # what changed in it (qa23 S5)
    assert world.companies[0].name_zh in page
    assert "自评结果" in page
    assert "1 星" in page
    assert f"{true_stars} 星" in page
    client.get("/lang/en")
    english = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert "Recompute the year’s stored results" in english
    assert "1 rating changed" in english
    assert "Self result" in english
    name_en = world.companies[0].name_en
    assert name_en is not None
    assert name_en in english
    assert "Recompute the stored results of 2025" in client.get(
        f"/cycles/{world.cycle.id}"
    ).get_data(as_text=True)


def test_only_the_secretariat_recomputes_and_a_post_needs_its_token(
    client: FlaskClient, db_session: Session, auth: AuthActions, app: Flask
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.lead.email)
    assert client.get(f"/reports/cycles/{world.cycle.id}/recompute").status_code == 403
    assert client.post(f"/reports/cycles/{world.cycle.id}/recompute").status_code == 403
    auth.logout()
    auth.login(world.members[0].email)
    assert client.post(f"/reports/cycles/{world.cycle.id}/recompute").status_code == 403
    auth.logout()
    auth.login(world.secretariat.email)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = client.post(
            f"/reports/cycles/{world.cycle.id}/recompute", data={"csrf_token": "stale"}
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert refused.status_code == 400
    assert _jobs(db_session) == 0


def test_a_closed_year_is_not_recomputed_and_the_page_says_why(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    world.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    auth.login(world.secretariat.email)
    year_page = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    assert "已关闭年度的结果已冻结，不重新计算。" in year_page
    assert "重新计算 2025 年度的已存结果…" not in year_page
    confirm = client.get(f"/reports/cycles/{world.cycle.id}/recompute").get_data(as_text=True)
    assert "2025 年度已关闭：已关闭年度的结果已冻结，不重新计算。" in confirm
    assert "确认重新计算" not in confirm
    response = client.post(f"/reports/cycles/{world.cycle.id}/recompute", follow_redirects=True)
    refused = response.get_data(as_text=True)
    assert "2025 年度已关闭：已关闭年度的结果已冻结，不重新计算。" in refused
    assert _jobs(db_session) == 0
    client.get("/lang/en")
    english = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    assert "A closed year’s results are frozen and never recomputed." in english


def test_a_second_request_while_one_is_under_way_shows_that_one(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    queued = ReportJob(
        kind=JobKind.RECOMPUTE, cycle_id=world.cycle.id, requested_by_id=world.secretariat.id
    )
    db_session.add(queued)
    db_session.commit()
    auth.login(world.secretariat.email)
    confirm = client.get(f"/reports/cycles/{world.cycle.id}/recompute").get_data(as_text=True)
    assert "本年度的重新计算已在进行。" in confirm
    response = client.post(f"/reports/cycles/{world.cycle.id}/recompute", follow_redirects=True)
    assert response.request.path == f"/reports/jobs/{queued.id}"
    shown = response.get_data(as_text=True)
    assert "本年度的重新计算已在进行，这是它的进度，未再开始一次。" in shown
    assert _jobs(db_session) == 1


def test_a_job_whose_year_closed_before_it_ran_fails_and_says_why(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    true_stars = world.assessments[0].stars
    _store_one_star(world)
    queued = ReportJob(
        kind=JobKind.RECOMPUTE, cycle_id=world.cycle.id, requested_by_id=world.secretariat.id
    )
    db_session.add(queued)
    world.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    run_recompute_job(queued.id)
    db_session.refresh(queued)
    assert queued.status is JobStatus.FAILED
    stored = find_snapshot(world.assessments[0], SnapshotKind.SELF, document=False)
    assert stored is not None
    assert stored.stars == 1 != true_stars  # frozen with the year: left as it was
    auth.login(world.secretariat.email)
    page = client.get(f"/reports/jobs/{queued.id}").get_data(as_text=True)
    assert "年度已关闭：已关闭年度的结果已冻结，不再重新计算" in page
    assert f"/reports/jobs/{queued.id}/retry" not in page  # it would fail again
    client.get("/lang/en")
    english = client.get(f"/reports/jobs/{queued.id}").get_data(as_text=True)
    assert "a closed year’s results are frozen and no longer recomputed" in english


def test_every_rewritten_result_is_named_with_what_changed(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """QA23 S5: a rewrite whose stars and score stay the same is still named, as such."""
    world = make_review_world(5)
    assessment = world.assessments[1]
    stored = find_snapshot(assessment, SnapshotKind.SELF)
    assert stored is not None
    card = snapshot_scorecard(stored)
    assert card.kpis  # the stored result lacked the KPI figures today's code computes
    old = dataclasses.replace(card, kpis=())
    write_snapshot(assessment, SnapshotKind.SELF, old, snapshot_review_context(stored))
    db_session.commit()
    auth.login(world.secretariat.email)

    response = client.post(f"/reports/cycles/{world.cycle.id}/recompute", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "重新计算了 5 份已存结果，其中 1 份有变化并已更新" in page
    assert "1 份结果有变化并已更新" in page
    assert world.companies[1].name_zh in page
    assert "其他数值（如 KPI），星级和总分不变" in page
    assert "没有单位的星级发生变化。" in page
    job = db_session.scalars(select(ReportJob).where(ReportJob.kind == JobKind.RECOMPUTE)).one()
    client.get("/lang/en")
    english = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert "5 stored results recomputed, of which 1 changed and was rewritten" in english
    assert "other figures (such as KPIs); stars and score unchanged" in english
