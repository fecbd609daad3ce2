"""A draft is cleared once its save succeeded, even when the save leads to another page.

drafts.js keeps what a form's user typed until a save is confirmed. A save that leads away
(the return page to the overview, a new partner to the organisation's page) was never
confirmed on the form's own page, so the form, opened again later (the return page in the
next round), offered long-saved input to restore. The page a save leads to clears it now;
an expired login still keeps it for the restore after logging in.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from rcapp import db
from rcapp.organisations.models import Organisation

ADMIN = "huacai-coatings.admin@demo.example.cn"  # admin of 华彩涂料
COMPANY = "华彩涂料（江苏）有限公司"
LogIn = Callable[[Page, str], None]


def _new_partner_url(app: Flask, live_server: str) -> str:
    with app.app_context():
        found = db.session().scalar(select(Organisation.id).where(Organisation.name_zh == COMPANY))
    assert found is not None
    return f"{live_server}/organisations/{found}/partners/new"


def _fill_partner(page: Page, name: str, note: str) -> None:
    page.fill('[name="name"]', name)
    page.select_option('[name="relation"]', index=1)
    page.fill('[name="note"]', note)


def test_a_partner_saved_leaves_no_draft_on_the_form_opened_again(
    page: Page, live_app: Flask, live_server: str, demo_world: dict[str, int], log_in: LogIn
) -> None:
    url = _new_partner_url(live_app, live_server)
    log_in(page, ADMIN)
    page.goto(url)
    _fill_partner(page, "草稿清除测试物流有限公司", "运输合同 2025（已保存）")
    page.get_by_role("button", name="保存").click()
    expect(page).not_to_have_url(re.compile(r"/partners/new$"))
    expect(page.locator(".flash-success").first).to_contain_text("已添加合作伙伴")
    page.wait_for_load_state("load")  # drafts.js on the success page has cleared the draft

    page.goto(url)  # the form again, later: nothing left to restore
    expect(page.locator('[name="note"]')).to_have_value("")
    expect(page.locator("#draft-banner")).to_be_hidden()


def test_after_an_expired_login_the_draft_is_offered_and_once_saved_cleared(
    browser: Browser,
    page: Page,
    live_app: Flask,
    live_server: str,
    demo_world: dict[str, int],
    log_in: LogIn,
) -> None:
    url = _new_partner_url(live_app, live_server)
    log_in(page, ADMIN)
    page.goto(url)
    _fill_partner(page, "登录过期测试物流有限公司", "危废运输（登录过期前输入）")

    other = browser.new_context(locale="zh-CN")  # 退出 elsewhere ends every login
    try:
        elsewhere = other.new_page()
        log_in(elsewhere, ADMIN)
        with elsewhere.expect_navigation():
            elsewhere.get_by_role("button", name="退出").click()
    finally:
        other.close()

    page.get_by_role("button", name="保存").click()
    expect(page.locator(".flash-warning")).to_contain_text("您的登录已过期，刚才的输入没有保存")
    page.fill("input[name=email]", ADMIN)
    page.fill("input[name=password]", "rcapp-demo-2025")
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(r"/partners/new$"))
    banner = page.locator("#draft-banner")
    expect(banner).to_be_visible()  # the save that went to the login page is offered
    banner.get_by_role("button", name="恢复未保存的输入").click()
    expect(page.locator('[name="note"]')).to_have_value("危废运输（登录过期前输入）")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".flash-success").first).to_contain_text("已添加合作伙伴")
    page.wait_for_load_state("load")  # drafts.js on the success page has cleared the draft

    page.goto(url)
    expect(page.locator('[name="note"]')).to_have_value("")
    expect(banner).to_be_hidden()
