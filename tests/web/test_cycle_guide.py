"""secguide: the secretariat's guide to a year, its steps in order with their live state.

A new secretary running the year alone had only the companies' guide and the year page's
panels to piece the order of work together from. /cycles/<id>/guide lays the year out in
order, each step with the year page's own numbers, its state (done / now / later) and a
link to the page that does it.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.clock import beijing_today
from rcapp.cycles.models import CycleStatus, LateAllowance
from rcapp.reports.models import JobKind, JobStatus, ReportJob
from tests.conftest import AuthActions
from tests.factories import World, fill_complete, make_world, start


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _states(page: str) -> dict[str, str]:
    return dict(re.findall(r'id="step-([a-z]+)" data-state="([a-z]+)"', page))


def _year(db_session: Session, *, closed: bool = False) -> World:
    """A year of two organisations: one submitted, one with a draft."""
    world = make_world(2025)
    done = start(world)
    fill_complete(done, world.user_a)
    services.submit_assessment(done, world.user_a)
    start(world, world.org_b)
    if closed:
        world.cycle.status = CycleStatus.CLOSED
        world.cycle.closed_at = dt.datetime.now(dt.UTC)
    db_session.commit()
    return world


ORDER = [
    "open",
    "setup",
    "remind",
    "late",
    "kpi",
    "reviews",
    "benchmarks",
    "close",
    "files",
    "report",
    "stars",
]


@pytest.mark.parametrize(
    ("lang", "title", "submitted", "not_submitted", "close"),
    [
        (
            "zh_CN",
            "2025 年度秘书处工作指南",
            "已提交 1 / 2",
            "1 家尚未提交。",
            "关闭 2025 年度并冻结结果…",
        ),
        (
            "en",
            "Secretariat's guide to the 2025 year",
            "1 of 2 submitted",
            "1 organisation has not submitted.",
            "Close 2025 and freeze the results…",
        ),
    ],
)
def test_an_open_year_orders_the_steps_and_says_what_is_due_now(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    title: str,
    submitted: str,
    not_submitted: str,
    close: str,
) -> None:
    world = _year(db_session)
    cycle_id = world.cycle.id
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    year_page = client.get(f"/cycles/{cycle_id}").get_data(as_text=True)
    assert f'href="/cycles/{cycle_id}/guide"' in year_page  # the year page links it
    assert 'status=submitted" data-count="1"' in year_page  # the figure the guide repeats
    response = client.get(f"/cycles/{cycle_id}/guide")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    text = _text(page)
    assert title in text
    states = _states(page)
    assert list(states) == ORDER
    assert states == {
        "open": "done",
        "setup": "now",
        "remind": "now",  # one organisation has not submitted
        "late": "later",  # the deadline is ahead
        "kpi": "now",  # a submitted assessment to check
        "reviews": "now",  # submitted, no reviewer yet
        "benchmarks": "now",  # nothing computed yet
        "close": "later",
        "files": "later",
        "report": "later",
        "stars": "later",
    }
    assert submitted in text
    assert not_submitted in text
    # each step links the page that does it
    assert f'href="/cycles/{cycle_id}/organisations?status=open"' in page
    assert f'href="/cycles/{cycle_id}/kpi-doubts"' in page
    assert f'href="/cycles/{cycle_id}/close"' in page
    assert f'href="/cycles/{cycle_id}#benchmarks-heading"' in page
    assert f'href="/cycles/{cycle_id}#reports-heading"' in page
    assert close in text
    # an open year: a wrong KPI figure can still be returned for correction
    assert ("年度关闭前，可在" if lang == "zh_CN" else "Before the year is closed, you can") in text
    assert f"/cycles/{cycle_id}/reopen" not in page


@pytest.mark.parametrize(
    ("lang", "closed", "reopen", "no_report"),
    [
        ("zh_CN", "本年度已于", "重新开放本年度", "本年度还没有发布年度报告。"),
        (
            "en",
            "was closed on",
            "Reopen this year",
            "No annual report of this year is published yet.",
        ),
    ],
)
def test_a_closed_year_turns_to_the_workbook_the_report_and_the_stars(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    closed: str,
    reopen: str,
    no_report: str,
) -> None:
    world = _year(db_session, closed=True)
    cycle_id = world.cycle.id
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/cycles/{cycle_id}/guide").get_data(as_text=True)
    states = _states(page)
    assert states["remind"] == "done"
    assert states["close"] == "done"
    assert states["files"] == "now"
    assert states["report"] == "now"
    assert states["stars"] == "now"
    text = _text(page)
    assert closed in text
    assert reopen in text
    assert no_report in text
    # no returning in a closed year (the KPI list's own sentence, left out)
    assert "年度关闭前，可在" not in text
    assert "Before the year is closed, you can return" not in text
    assert f'href="/cycles/{cycle_id}/close"' not in page  # no closing a closed year
    assert f'href="/cycles/{cycle_id}/reopen"' in page


def test_after_the_deadline_the_late_organisations_and_the_close_are_due(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _year(db_session)
    world.cycle.deadline = beijing_today() - dt.timedelta(days=1)
    db_session.commit()
    auth.login(world.secretariat.email)
    page = client.get(f"/cycles/{world.cycle.id}/guide").get_data(as_text=True)
    states = _states(page)
    assert states["late"] == "now"
    assert states["close"] == "now"
    assert "逾期未提交 1 家" in _text(page)
    assert "已给予延期或允许逾期提交 0 家，其中 0 家尚未提交。" in _text(page)
    assert f'href="/cycles/{world.cycle.id}/organisations?status=overdue"' in page
    # allowed to submit late: no longer overdue, and counted as an extension
    db_session.add(
        LateAllowance(
            cycle_id=world.cycle.id,
            organisation_id=world.org_b.id,
            until=beijing_today() + dt.timedelta(days=7),
        )
    )
    db_session.commit()
    page = client.get(f"/cycles/{world.cycle.id}/guide").get_data(as_text=True)
    assert _states(page)["late"] == "done"
    assert "逾期未提交 0 家" in _text(page)
    assert "已给予延期或允许逾期提交 1 家，其中 1 家尚未提交。" in _text(page)


def test_a_published_annual_report_marks_the_report_step_done(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _year(db_session, closed=True)
    now = dt.datetime.now(dt.UTC)
    db_session.add(
        ReportJob(
            kind=JobKind.ANNUAL_REPORT,
            status=JobStatus.DONE,
            cycle_id=world.cycle.id,
            lang="zh",
            edition=1,
            published_at=now,
            published_by_id=world.secretariat.id,
            finished_at=now,
        )
    )
    db_session.add(
        ReportJob(
            kind=JobKind.ANNUAL_WORKBOOK,
            status=JobStatus.DONE,
            cycle_id=world.cycle.id,
            lang="zh",
            edition=1,
            published_at=now,
            published_by_id=world.secretariat.id,
            finished_at=now,
        )
    )
    db_session.commit()
    auth.login(world.secretariat.email)
    page = client.get(f"/cycles/{world.cycle.id}/guide").get_data(as_text=True)
    states = _states(page)
    assert states["report"] == "done"
    assert states["files"] == "done"
    text = _text(page)
    assert "中文版第 1 版已于" in text
    assert "本年度已生成 1 个这样的文件。" in text


def test_only_the_secretariat_reads_the_guide_and_its_home_links_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _year(db_session)
    auth.login(world.user_a.email)
    assert client.get(f"/cycles/{world.cycle.id}/guide").status_code == 403
    auth.logout()
    auth.login(world.secretariat.email)
    home = client.get("/").get_data(as_text=True)
    assert f'href="/cycles/{world.cycle.id}/guide"' in home
