"""Publishing the annual report: the question says who is mailed; the address is the year's.

The secretariat's question said nothing about mail (publishmail #1); after publishing the
address bar was to show the year page's own address, its flash message kept (#2).
The edition is deleted afterwards: other tests count the year's editions from 1.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from rcapp import db
from rcapp.cycles.models import ReportingCycle
from rcapp.demo import world
from rcapp.reports import documents
from rcapp.reports.models import ReportJob
from tests.browser.confirm_dialog import answer_confirm
from tests.browser.conftest import LAPTOP, PHONE
from tests.browser.test_member_annual_report import SECRETARIAT, _publish_previous_year

SHOTS = os.environ.get("RCAPP_SHOTS")  # a directory to keep screenshots in, when set


def _finished_report(live_app: Flask) -> tuple[int, int]:
    """A finished, unpublished annual report of the demo's closed year: (cycle id, job id)."""
    job_id = _publish_previous_year(live_app, publish=False)
    with live_app.app_context():
        job = db.session().get(ReportJob, job_id)
        assert job is not None
        assert job.cycle_id is not None
        return job.cycle_id, job_id


def _shoot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_publishing_asks_who_is_mailed_then_lands_on_the_year_page(
    page: Page,
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    # the stamp renders the report again: a stand-in, not minutes of WeasyPrint
    monkeypatch.setattr(documents, "annual_report_pdf", lambda *_a, **_k: b"%PDF-1.7 stamped")
    cycle_id, job_id = _finished_report(live_app)
    log_in(page, SECRETARIAT)
    if lang == "en":
        page.goto(f"{live_server}/lang/en")
    for size, viewport in (("phone", PHONE), ("laptop", LAPTOP)):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server}/reports/jobs/{job_id}")
        mail = page.locator("#job-publish-mail")
        expect(mail).to_contain_text(re.compile(r"邮件：本版加盖版次后|Mail: once this edition"))
        _shoot(page, f"publish-{lang}-{size}")
    correction = page.locator("#publish-correction")
    if correction.count():  # an earlier test published this year's report: a correction
        correction.fill("更正了第 3 章的一处数字")  # says what it corrects (reportfix)
    page.locator("#job-publish button[type=submit]").click()
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"publish-question-{lang}.png"))
    question = answer_confirm(page)
    assert re.search(r"将向 \d+ 位会员发送一封邮件|\d+ members will get one mail each", question)
    expect(page).to_have_url(re.compile(rf"/cycles/{cycle_id}(#editions)?$"))
    expect(page.locator(".flash-success").first).to_contain_text(re.compile("已发布|Published"))
    _shoot(page, f"published-{lang}")
    page.reload()  # a reload is the year page's GET: nothing is posted again
    expect(page).to_have_url(re.compile(rf"/cycles/{cycle_id}"))
    with live_app.app_context():
        session = db.session()
        session.delete(session.get(ReportJob, job_id))
        session.commit()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_blocker_line_on_home_and_year_page_opens_the_close_list(
    page: Page,
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
    lang: str,
) -> None:
    with live_app.app_context():
        cycle = (
            db.session()
            .scalars(select(ReportingCycle).where(ReportingCycle.year == world.CURRENT_YEAR))
            .one()
        )
        cycle_id = cycle.id
    log_in(page, SECRETARIAT)
    if lang == "en":
        page.goto(f"{live_server}/lang/en")
    for where in ("", f"cycles/{cycle_id}"):
        for size, viewport in (("phone", PHONE), ("laptop", LAPTOP)):
            page.set_viewport_size(viewport)
            page.goto(f"{live_server}/{where}")
            line = page.locator(f"#not-reviewed-{cycle_id}")
            expect(line).to_contain_text(re.compile("未指派评审员|no reviewer assigned"))
            _shoot(page, f"blockers-{where.replace('/', '-') or 'home'}-{lang}-{size}")
        counted = page.locator(f"#not-reviewed-{cycle_id} a[data-count]")
        if int(counted.get_attribute("data-count") or 0):
            page.locator(f"#not-reviewed-{cycle_id} a.close-list").click()
            expect(page).to_have_url(re.compile(rf"/cycles/{cycle_id}/close#unreviewed-heading$"))
            expect(page.locator("#unreviewed-heading")).to_be_visible()
