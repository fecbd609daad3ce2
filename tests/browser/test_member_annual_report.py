"""A company user finds the published annual report from the navigation and downloads it."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.cycles.models import ReportingCycle
from rcapp.demo import world
from rcapp.reports import editions, jobs
from rcapp.reports.models import JobKind

COMPANY = "donghai-fine.admin@demo.example.cn"
SECRETARIAT = "secretariat@demo.example.cn"
REPORT = b"%PDF-1.7 the published annual report"


def _publish_previous_year(live_app: Flask, publish: bool = True) -> int:
    """Publish a finished annual report of the demo's closed year; return its job id.

    `publish=False`: the finished file only, for a test that publishes it itself.
    """
    with live_app.app_context():
        session = db.session()
        cycle = session.scalars(
            select(ReportingCycle).where(ReportingCycle.year == world.PREVIOUS_YEAR)
        ).one()
        secretariat = session.scalars(select(User).where(User.email == SECRETARIAT)).one()
        job = jobs.request_job(JobKind.ANNUAL_REPORT, secretariat, cycle=cycle)
        name = f"annual-report-{cycle.year}.pdf"
        jobs.store_result(job, REPORT, name, "application/pdf")
        if publish:
            editions.publish(job, secretariat)
        session.commit()
        return job.id


def test_a_company_user_downloads_the_published_annual_report(
    page: Page,
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
) -> None:
    job_id = _publish_previous_year(live_app)
    log_in(page, COMPANY)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="年度报告").click()
    expect(page.locator("h1")).to_have_text("年度报告")
    row = page.locator(f"#annual-report-{job_id}")
    expect(row).to_contain_text("第 1 版")
    with page.expect_download() as info:
        row.get_by_role("link").click()
    download = info.value
    assert download.suggested_filename == f"annual-report-{world.PREVIOUS_YEAR}-edition-1.pdf"
    path = download.path()
    assert path is not None
    assert path.read_bytes() == REPORT
