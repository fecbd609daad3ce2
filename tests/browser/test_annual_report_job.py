"""The secretariat starts the annual report, leaves the page, and comes back to a download.

The report runs on the real (SQLite) queue with a worker thread started only after the user
has left the page, so the page cannot have produced the file itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from rcapp import db
from rcapp.cycles.models import ReportingCycle
from rcapp.demo import world
from rcapp.reports.models import JobStatus, ReportJob
from tests.pdf_tools import pdf_text

SECRETARIAT = "secretariat@demo.example.cn"
LogIn = Callable[[Page, str], None]


def _job_status(live_app: Flask, job_id: int) -> JobStatus:
    with live_app.app_context():
        job = db.session().get(ReportJob, job_id)
        assert job is not None
        return job.status


def test_annual_report_is_waiting_when_the_secretariat_comes_back(
    page: Page,
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    log_in: LogIn,
    real_queue: Callable[[], None],
) -> None:
    with live_app.app_context():
        cycle_id = db.session().scalar(
            select(ReportingCycle.id).where(ReportingCycle.year == world.CURRENT_YEAR)
        )
    log_in(page, SECRETARIAT)
    page.goto(f"{live_server}/cycles/{cycle_id}")
    page.select_option("#report-kind", "annual_report")
    page.click("text=开始生成")
    expect(page.locator("h1")).to_contain_text("年度报告（PDF）")
    expect(page.locator("#job-progress")).to_be_visible()
    job_id = int(page.url.rsplit("/", 1)[1])
    assert _job_status(live_app, job_id) is JobStatus.QUEUED

    page.goto(f"{live_server}/")  # the secretariat leaves the page
    real_queue()
    deadline = time.monotonic() + 120
    while _job_status(live_app, job_id) is not JobStatus.DONE and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _job_status(live_app, job_id) is JobStatus.DONE

    page.goto(f"{live_server}/reports/jobs")  # and comes back
    page.click(f"text=#{job_id}")
    expect(page.locator("#job-download")).to_be_visible()
    with page.expect_download() as info:
        page.click("#job-download")
    download = info.value
    assert download.suggested_filename == f"annual-report-{world.CURRENT_YEAR}.pdf"
    path = download.path()
    assert path is not None
    text = pdf_text(path.read_bytes())
    assert f"{world.CURRENT_YEAR} 年度责任关怀报告" in text
    assert "获得星级的组织" in text
