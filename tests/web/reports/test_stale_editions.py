"""Editions published before a reopen and a re-close say they are out of date (QA, demo 2024).

The year page listed the workbook and the scorecards ZIP of the earlier close with no mark,
members read "尚无已发布的年度报告" while the year was reopened, and after the re-close
their home page announced edition 1 again as if it were current. One rule marks them: an
edition in force made before its year's latest reopen (the jobs list's rule). And the
publish message and the job page named neither the kind nor the language.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.clock import to_beijing
from rcapp.cycles import services as cycle_services
from rcapp.db import utcnow
from rcapp.reports import editions
from rcapp.reports.models import JobKind, ReportJob
from tests.conftest import AuthActions
from tests.factories import World
from tests.web.reports.test_annual_reports_page import _published
from tests.web.reports.test_editions import closed_world, finished

SECRETARIAT_WORDS = {
    "zh": ("已过时", "本版基于 {date} 年度重新开放之前的结果，需重新生成并发布新版。"),
    "en": (
        "Out of date",
        "Based on the results before the year was reopened on {date}: "
        "produce and publish a new edition.",
    ),
}
MEMBER_WORDS = {
    "zh": ("已过时", "该年度已于 {date} 重新开放，本版基于此前的结果；新版发布后将在此提供。"),
    "en": (
        "Out of date",
        "The year was reopened on {date} and this edition is based on the results before "
        "that; the new edition will be offered here once it is published.",
    ),
}


def _reopen(world: World, db_session: Session, close_again: bool) -> str:
    """Reopen the year (and close it again); return the reopening's Beijing date."""
    cycle_services.reopen_cycle(world.cycle, "更正数据", world.secretariat)
    if close_again:
        cycle_services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    reopened = db_session.scalars(
        select(AuditEntry.at).where(AuditEntry.entity == "cycle", AuditEntry.action == "reopen")
    ).one()
    return f"{to_beijing(reopened):%Y-%m-%d}"


def _newer(world: World) -> ReportJob:
    """An annual report made after the re-close, published as the next edition."""
    job = finished(world, made=utcnow() + dt.timedelta(minutes=1))
    editions.publish(job, world.secretariat)
    return job


def _row(page: str, marker: str) -> str:
    return page.split(marker, 1)[1].split("</li>", 1)[0]


def _get(client: FlaskClient, auth: AuthActions, email: str, lang: str, url: str) -> str:
    auth.login(email)
    client.get(f"/lang/{lang}")
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_year_page_marks_editions_of_the_earlier_close(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = closed_world(db_session)
    report = _published(world)
    workbook = _published(world, JobKind.ANNUAL_WORKBOOK)
    scorecards = _published(world, JobKind.SCORECARDS)
    date = _reopen(world, db_session, close_again=True)
    newer = _newer(world)
    db_session.commit()
    page = _get(client, auth, world.secretariat.email, lang, f"/cycles/{world.cycle.id}")
    badge, words = SECRETARIAT_WORDS[lang]
    for stale in (workbook, scorecards):
        row = _row(page, f'id="edition-{stale.id}"')
        assert badge in row
        assert words.format(date=date) in row
    # the annual report of the earlier close was replaced since: it says that instead
    replaced = _row(page, f'id="edition-{report.id}"')
    assert badge not in replaced
    assert ("Replaced by edition 2" if lang == "en" else "已被第 2 版取代") in replaced
    assert badge not in _row(page, f'id="edition-{newer.id}"')


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_members_keep_the_report_marked_while_the_year_is_reopened(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = closed_world(db_session)
    chinese, english = _published(world), _published(world, lang="en")
    date = _reopen(world, db_session, close_again=False)
    page = _get(client, auth, world.user_a.email, lang, "/reports/annual-reports")
    assert 'id="no-annual-reports"' not in page
    badge, words = MEMBER_WORDS[lang]
    for job in (chinese, english):
        row = _row(page, f'id="annual-report-{job.id}"')
        assert badge in row
        assert words.format(date=date) in row
    download = client.get(f"/reports/annual-reports/{chinese.id}/download")
    download.close()
    assert download.status_code == 200


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_home_panel_marks_the_edition_until_a_newer_one_replaces_it(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = closed_world(db_session)
    old = _published(world)
    date = _reopen(world, db_session, close_again=True)
    badge, words = MEMBER_WORDS[lang]
    home = _get(client, auth, world.user_a.email, lang, "/")
    panel = home.split('id="home-annual-report"', 1)[1].split("</section>", 1)[0]
    assert f"/reports/annual-reports/{old.id}/download" in panel
    assert badge in panel
    assert words.format(date=date) in panel
    newer = _newer(world)
    db_session.commit()
    home = _get(client, auth, world.user_a.email, lang, "/")
    panel = home.split('id="home-annual-report"', 1)[1].split("</section>", 1)[0]
    assert f"/reports/annual-reports/{newer.id}/download" in panel
    assert badge not in panel
    listed = _get(client, auth, world.user_a.email, lang, "/reports/annual-reports")
    assert badge not in listed  # edition 1 says it was replaced instead


JOB_PAGE = {
    "zh": ("已发布为 {name}（", "确定撤回 {name}？"),
    "en": ("(Beijing time) as {name}. The file is kept for good.", "Withdraw {name}?"),
}


def _edition_name(message: str, lang: str) -> str:
    """The edition named in the publish message: "2025 年度报告（英文）第 1 版"."""
    start = len("已发布 ") if lang == "zh" else len("Published ")
    return message[start:-1]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            [
                "已发布 2025 年度报告（英文）第 1 版。",
                "已发布 2025 年度数据工作簿（中文）第 1 版。",
            ],
        ),
        (
            "en",
            [
                "Published edition 1 of the 2025 annual report (English).",
                "Published edition 1 of the 2025 annual workbook (Chinese).",
            ],
        ),
    ],
)
def test_the_publish_message_and_the_job_page_name_the_kind_and_language(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, expected: list[str]
) -> None:
    world = closed_world(db_session)
    report = finished(world, lang="en")
    workbook = finished(world, JobKind.ANNUAL_WORKBOOK)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    line, asked = JOB_PAGE[lang]
    for job, words in zip((report, workbook), expected, strict=True):
        done = client.post(f"/reports/jobs/{job.id}/publish")
        assert done.status_code == 302
        page = html.unescape(client.get(done.headers["Location"]).get_data(as_text=True))
        assert words in page
        # the job page names the edition in the same words (job_words.edition_name); it
        # said "已发布为 2025 年度正式版第 1 版", neither kind nor language
        name = _edition_name(words, lang)
        page = html.unescape(client.get(f"/reports/jobs/{job.id}").get_data(as_text=True))
        edition = page.split('id="job-edition">', 1)[1].split("</p>", 1)[0]
        assert line.format(name=name) in edition
        assert asked.format(name=name) in page
