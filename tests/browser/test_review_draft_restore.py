"""A reviewer's item decision typed before the login ended comes back (qa20 D2), in place.

The "page has expired" answer promises a notice offering the unsaved input; only the
finding form kept a draft, so an item's decision and reason were lost. The item-decision
forms (and the corrective-action and appeal forms) keep one now, as every data-draft form.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Browser, Page, expect

REVIEWER = "reviewer.xing@demo.example.cn"
TYPED = "签到表缺少第二季度的记录（登录过期前输入）"


def test_an_item_decision_typed_before_the_login_ended_is_restored(
    browser: Browser,
    live_server: str,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        log_in(page, REVIEWER)
        page.goto(f"{live_server}/reviews/")
        page.locator("main a[href^='/reviews/assignments/']").first.click()
        item = page.locator(".review-item").nth(8)
        item_id = item.get_attribute("id")
        item.locator("input[value=adjust]").check()
        item.locator("select").select_option("1")
        reason = item.locator("textarea")
        reason.fill(TYPED)

        # The login ends elsewhere (退出 logs out on every device) while this page stays open.
        other = browser.new_context(locale="zh-CN")
        try:
            elsewhere = other.new_page()
            log_in(elsewhere, REVIEWER)
            with elsewhere.expect_navigation():
                elsewhere.get_by_role("button", name="退出").click()
        finally:
            other.close()

        item.locator("button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/login\?next="))
        page.fill("input[name=email]", REVIEWER)
        page.fill("input[name=password]", "rcapp-demo-2025")
        page.click("main button[type=submit]")
        expect(page).to_have_url(re.compile(r"/reviews/assignments/\d+"))

        # Back in place, as every review form (no banner out of sight at the top), with a
        # note saying the save did not arrive; still to be saved.
        item = page.locator(f"[id='{item_id}']")
        expect(item.locator("textarea")).to_have_value(TYPED)
        expect(item.locator("input[value=adjust]")).to_be_checked()
        expect(item.locator("select")).to_have_value("1")
        expect(item.locator(".unsaved-note")).to_contain_text("上次提交没有送达服务器")
        expect(page.locator("#draft-banner")).to_be_hidden()
    finally:
        context.close()
