"""Withdrawing an edition: the empty required reason is pointed out before any question.

The confirm script asked "确定撤回…？" first and the browser only then said the reason was
missing (secwords #3): a "yes" that did nothing. Now the form's own check comes first.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from playwright.sync_api import Page, expect

from rcapp import db
from rcapp.reports.models import ReportJob
from tests.browser.confirm_dialog import answer_confirm
from tests.browser.test_member_annual_report import COMPANY, SECRETARIAT, _publish_previous_year

SHOTS = os.environ.get("RCAPP_SHOTS")  # a directory to keep screenshots in, when set


def test_an_empty_reason_is_pointed_out_before_the_question(
    page: Page,
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
) -> None:
    job_id = _publish_previous_year(live_app)
    with live_app.app_context():  # other tests of the suite may have published before
        edition = db.session().get(ReportJob, job_id).edition  # type: ignore[union-attr]
    log_in(page, SECRETARIAT)
    page.goto(f"{live_server}/reports/jobs/{job_id}")
    form = page.locator("#job-withdraw")
    reason = form.locator("textarea[name=reason]")
    form.get_by_role("button", name="撤回").click()
    expect(reason).to_be_focused()  # the browser points at the missing reason
    assert reason.evaluate("el => el.validity.valueMissing")
    expect(page.locator("#confirm-dialog")).to_be_hidden()  # and asks nothing yet

    reason.fill("第三章事故统计有误")
    form.get_by_role("button", name="撤回").click()
    assert "确定撤回" in answer_confirm(page)
    expect(page.locator(".flash-success")).to_contain_text(f"已撤回正式版第 {edition} 版")

    if SHOTS:  # what members read of it, zh and en, laptop and phone
        page.context.clear_cookies()
        log_in(page, COMPANY)
        for lang in ("zh_CN", "en"):
            page.goto(f"{live_server}/lang/{lang}")
            for width in (1280, 390):
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(f"{live_server}/reports/annual-reports")
                expect(page.locator(f"#withdrawn-report-{job_id}")).to_be_visible()
                shot = Path(SHOTS) / f"annual-reports-withdrawn-{lang}-{width}.png"
                page.screenshot(path=str(shot), full_page=True)
