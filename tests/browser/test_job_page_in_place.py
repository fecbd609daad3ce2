"""A running report job's page follows the job in place (js/job.js), not by reloading.

It used to reload every 3 seconds (a Refresh header): a keyboard user's focus and a screen
reader's place went back to the top of the page each time. Now focus stays where it is while
the job runs, and the finished state is announced and offers the download.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from rcapp import db
from rcapp.cycles.models import ReportingCycle
from rcapp.demo import world

LogIn = Callable[[Page, str], None]


def test_the_job_page_keeps_focus_while_it_runs_and_announces_the_end(
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
    log_in(page, "secretariat@demo.example.cn")
    page.goto(f"{live_server}/cycles/{cycle_id}")
    page.select_option("#report-kind", "annual_workbook")
    page.click("text=开始生成")
    expect(page.locator("#job-progress")).to_be_visible()
    page.evaluate("window.notReloaded = true")
    jobs_link = page.get_by_role("link", name="全部后台任务")
    jobs_link.focus()
    page.wait_for_timeout(3500)  # one poll while the job is still queued
    assert page.evaluate("window.notReloaded === true")
    expect(jobs_link).to_be_focused()

    real_queue()
    expect(page.locator("#job-download")).to_be_visible(timeout=120_000)
    assert page.evaluate("window.notReloaded === true")
    expect(jobs_link).to_be_focused()
    expect(page.locator("#job-announce")).to_contain_text("已完成")
    expect(page.locator("h1")).to_contain_text("已完成")
