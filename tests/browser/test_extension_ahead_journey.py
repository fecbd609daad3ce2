"""An extension asked for ahead, in a real browser: from the organisation's page, before the
year's deadline, and the confirmation names who was e-mailed (QA, December 2026).

The demo's 2025 year is open with its deadline ahead; the extension is withdrawn afterwards
so the other tests find the demo as it was.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from rcapp.clock import beijing_today
from rcapp.cycles.models import ReportingCycle
from tests.browser.demo_deadline import demo_deadline

LogIn = Callable[[Page, str], None]
SECRETARIAT = "secretariat@demo.example.cn"
ORGANISATION = "潍北石化有限公司"  # 2025 returned: not submitted
SHOTS = os.environ.get("RCAPP_SCREENSHOTS")  # a folder to keep the pages' pictures in


@pytest.fixture
def open_year(live_app: Flask, demo_world: dict[str, int]) -> Iterator[ReportingCycle]:
    with demo_deadline(live_app, 14) as cycle:
        yield cycle


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_the_secretariat_grants_an_extension_ahead_from_the_organisation_page(
    page: Page,
    live_server: str,
    demo_world: dict[str, int],
    open_year: ReportingCycle,
    log_in: LogIn,
) -> None:
    until = (beijing_today() + dt.timedelta(days=28)).isoformat()
    log_in(page, SECRETARIAT)
    page.goto(f"{live_server}/assessments/{demo_world['weibei-petro']}")
    _shot(page, "overview-zh")
    page.goto(f"{live_server}/cycles/{open_year.id}/organisations")
    page.get_by_role("link", name=ORGANISATION).first.click()
    _shot(page, "organisation-zh")
    page.locator("a.extension-link").first.click()
    expect(page.locator("h1")).to_have_text(f"给予延期：{ORGANISATION}")
    expect(page.locator("#late-told")).to_contain_text("保存后将以邮件把延期日期和原因通知本单位")
    _shot(page, "late-form-zh")
    page.get_by_label("延期至").fill(until)
    page.get_by_label("原因").fill("装置检修，申请延后两周")
    page.get_by_role("button", name="给予延期").click()
    expect(page.locator(".flash-success")).to_contain_text(f"延期至 {until}。已发邮件通知：")
    _shot(page, "list-after-zh")
    if SHOTS:  # the same pages in English, and the form on a phone
        page.goto(f"{live_server}/lang/en?next=/")
        page.goto(f"{live_server}/cycles/{open_year.id}/organisations")
        _shot(page, "list-en")
        page.goto(f"{live_server}/assessments/{demo_world['weibei-petro']}")
        _shot(page, "overview-en")
        page.locator("a.extension-link").first.click()
        _shot(page, "late-form-en")
        page.set_viewport_size({"width": 390, "height": 844})
        _shot(page, "late-form-en-phone")
        page.goto(f"{live_server}/lang/zh_CN?next=/")
