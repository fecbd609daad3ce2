"""The report-job list fits a 375-pixel phone: each job a card, naming whose scorecard it is.

Testers found the list 414 px wide on a 375 px phone (a six-column table scrolled sideways).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, ViewportSize
from sqlalchemy import delete, select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.reports import jobs
from rcapp.reports.models import JobKind, ReportJob

PHONE: ViewportSize = {"width": 375, "height": 812}
PAGE_WIDTH = "document.fonts.ready.then(() => document.documentElement.scrollWidth)"


@pytest.fixture
def some_jobs(live_app: Flask, demo_world: dict[str, int]) -> Iterator[list[int]]:
    with live_app.app_context():
        session = db.session()
        secretariat = session.scalars(select(User).where(User.is_secretariat)).first()
        assert secretariat is not None
        made = [
            jobs.request_job(
                JobKind.SCORECARD,
                secretariat,
                cycle=assessment.cycle,
                params={"assessment_id": assessment.id, "asked": "x"},
            )
            for assessment in session.scalars(select(Assessment).order_by(Assessment.id).limit(2))
        ]
        session.commit()
        ids = [job.id for job in made]
    yield ids
    with live_app.app_context():
        db.session().execute(delete(ReportJob).where(ReportJob.id.in_(ids)))
        db.session().commit()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_job_list_fits_a_phone(
    browser: Browser,
    live_server: str,
    some_jobs: list[int],
    log_in: Callable[[Page, str], None],
    lang: str,
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        log_in(page, "secretariat@demo.example.cn")
        page.goto(f"{live_server}/lang/{lang}?next=/reports/jobs")
        width = page.evaluate(PAGE_WIDTH)
        assert width <= PHONE["width"], f"the job list is {width}px wide on a 375px phone"
        names = page.locator(".job-organisation").all_inner_texts()
        assert len(names) >= len(some_jobs)
        assert all(name.strip() for name in names)
    finally:
        context.close()
