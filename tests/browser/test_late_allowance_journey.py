"""A late allowance in a real browser: the secretariat grants it until a day, the organisation
sees its own deadline and submits after the year's deadline.

The demo's 2025 deadline is moved into the past for this test only; 潍北石化's returned
assessment (complete) is submitted, then returned again, so the other tests find the demo
as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments import services as assessments
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.clock import beijing_today
from rcapp.cycles.models import ReportingCycle
from tests.browser.confirm_dialog import answer_confirm
from tests.browser.demo_deadline import demo_deadline

LogIn = Callable[[Page, str], None]
SECRETARIAT = "secretariat@demo.example.cn"
STAFF = "weibei-petro.admin@demo.example.cn"
ORGANISATION = "潍北石化有限公司"  # 2025 returned, every item answered


@pytest.fixture
def past_deadline(live_app: Flask, demo_world: dict[str, int]) -> Iterator[ReportingCycle]:
    """The demo's 2025 year with its deadline three days ago; put back afterwards."""
    assessment_id = demo_world["weibei-petro"]
    with demo_deadline(live_app, -3) as cycle:
        yield cycle
    with live_app.app_context():
        session = db.session()
        assessment = session.get(Assessment, assessment_id)
        if assessment is not None and assessment.status is AssessmentStatus.SUBMITTED:
            secretariat = session.query(User).filter_by(email=SECRETARIAT).one()
            assessments.return_assessment(assessment, "浏览器测试后退回。", secretariat)
        session.commit()


def test_the_secretariat_grants_a_late_submission_and_the_organisation_submits(
    page: Page,
    live_server: str,
    demo_world: dict[str, int],
    past_deadline: ReportingCycle,
    log_in: LogIn,
) -> None:
    cycle = past_deadline
    until = (beijing_today() + dt.timedelta(days=5)).isoformat()
    log_in(page, SECRETARIAT)
    page.goto(f"{live_server}/cycles/{cycle.id}/organisations")
    row = page.locator("tr", has_text=ORGANISATION)
    expect(row).to_contain_text("逾期未提交")
    row.get_by_role("link", name="允许逾期提交…").click()
    expect(page.locator("h1")).to_have_text(f"允许逾期提交：{ORGANISATION}")
    page.get_by_label("延期至").fill(until)
    page.get_by_role("button", name="允许逾期提交").click()
    expect(page.locator(".flash-success")).to_contain_text(
        f"已允许“{ORGANISATION}”逾期提交，延期至 {until}。"
    )
    expect(page.locator("tr", has_text=ORGANISATION)).to_contain_text(
        f"已准许逾期提交 · 至 {until}"
    )

    page.context.clear_cookies()
    log_in(page, STAFF)
    page.goto(f"{live_server}/")
    own = f"截止日期 {until} 24:00（已延期；本年度截止日期 {cycle.deadline.isoformat()}）"
    expect(page.locator("main")).to_contain_text(own)
    expect(page.locator("main")).to_contain_text("还剩 5 天")
    expect(page.locator("main")).not_to_contain_text("逾期未提交")  # not while the extension runs
    page.goto(f"{live_server}/assessments/{demo_world['weibei-petro']}")
    expect(page.locator("main")).to_contain_text(f"{until} 24:00（已延期")
    page.get_by_role("button", name="提交自评").click()
    answer_confirm(page)
    expect(page.locator(".flash-success")).to_contain_text("已提交。")
