"""A closed year's pages say it is closed (QA8 S19, S13, S17, S18).

The participation list kept "还剩 60 天" and a column of tick boxes with nothing to do with
them; an organisation's never-submitted year read "草稿" as if it could be finished; a draft
of an earlier year took a history column of a scorecard; reports made before a year was
reopened were offered as if current.
"""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.cycles import services as cycle_services
from rcapp.cycles.models import CycleStatus
from rcapp.reports.data import build_scorecard_report
from rcapp.reports.jobs import request_job
from rcapp.reports.models import JobKind, JobStatus
from tests.conftest import AuthActions
from tests.factories import fill_complete, make_cycle, make_world, start


def _closed_world(db_session: Session):  # type: ignore[no-untyped-def]
    world = make_world(2025)
    done = start(world)
    fill_complete(done, world.user_a)
    services.submit_assessment(done, world.user_a)
    start(world, world.org_b)  # a draft never submitted
    world.cycle.status = CycleStatus.CLOSED
    world.cycle.closed_at = dt.datetime.now(dt.UTC)
    db_session.commit()
    return world


def test_a_closed_years_list_has_no_days_left_and_no_tick_boxes(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _closed_world(db_session)
    auth.login(world.secretariat.email)
    page = client.get(f"/cycles/{world.cycle.id}/organisations").get_data(as_text=True)
    assert "还剩" not in page
    assert "本年度已关闭，不再提醒，也不再接收提交" in page
    assert 'name="organisation_ids"' not in page
    assert ">选择<" not in page
    client.get("/lang/en")
    english = client.get(f"/cycles/{world.cycle.id}/organisations").get_data(as_text=True)
    assert "This year is closed" in english


def test_a_never_submitted_closed_year_reads_not_submitted_on_the_organisation_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _closed_world(db_session)
    auth.login(world.secretariat.email)
    page = client.get(f"/organisations/{world.org_b.id}").get_data(as_text=True)
    block = page.split('id="assessments-heading"')[1].split("</section>")[0]
    assert "未提交，年度已关闭" in block
    assert "不计入本年度结果" in block
    assert "草稿" not in block
    submitted = client.get(f"/organisations/{world.org_a.id}").get_data(as_text=True)
    assert "未提交，年度已关闭" not in submitted


def test_a_draft_year_takes_no_history_column_of_a_scorecard(db_session: Session) -> None:
    world = make_world(2025)
    earlier = make_cycle(year=2022, deadline=world.cycle.deadline)
    services.get_or_start_assessment(world.org_a, earlier, world.user_a)  # a draft only
    current = start(world)
    fill_complete(current, world.user_a)
    services.submit_assessment(current, world.user_a)
    with force_locale("zh_CN"):
        report = build_scorecard_report(current, "zh")
    assert 2022 not in report.earlier_years


def test_reports_made_before_the_year_was_reopened_say_so(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _closed_world(db_session)
    before = request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
    before.status = JobStatus.DONE
    before.created_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    db_session.flush()
    cycle_services.reopen_cycle(world.cycle, "更正数据", world.secretariat)
    after = request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
    after.status = JobStatus.DONE
    after.created_at = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    db_session.commit()
    auth.login(world.secretariat.email)
    listed = client.get("/reports/jobs").get_data(as_text=True)
    row_before = next(r for r in listed.split("<tr>") if f"#{before.id}<" in r)
    row_after = next(r for r in listed.split("<tr>") if f"#{after.id}<" in r)
    assert "生成于年度重新开放之前" in row_before
    assert "生成于年度重新开放之前" not in row_after
    page = client.get(f"/reports/jobs/{before.id}").get_data(as_text=True)
    assert "2025 年度于 " in page
    assert "重新开放，本文件在此之前生成" in page
    fresh = client.get(f"/reports/jobs/{after.id}").get_data(as_text=True)
    assert "本文件在此之前生成" not in fresh
    client.get("/lang/en")
    english = client.get(f"/reports/jobs/{before.id}").get_data(as_text=True)
    assert "this file was made before that" in english
