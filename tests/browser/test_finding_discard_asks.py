"""The finding form's discard asks before it clears a corrective action (QA, parks review).

A park's reviewer filled a 须整改项 and pressed what she took for the form's last button
(the 记录 below it hidden under the review bar at the screen's foot): "放弃这些输入". The
form emptied with no word and nothing was stored. The discard now says what it does
(放弃这条发现（不记录）) and asks first; 取消 keeps every field as typed.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage

REVIEWER = "reviewer.xing@demo.example.cn"
TYPED = "整改台账未闭环：3 项隐患超期未整改"


def _fill_corrective_action(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/reviews/")
    page.locator("main a[href^='/reviews/assignments/']").first.click()
    form = page.locator("#finding-form")
    form.locator("select[name=kind]").select_option("corrective_action")
    form.locator("textarea[name=text]").fill(TYPED)
    form.locator("input[name=owner]").fill("张工")
    form.locator("input[name=due_on]").fill("2027-03-31")


def test_discarding_a_finding_asks_and_cancel_keeps_it(
    phone_page: OpenPage, live_server: str, demo_world: dict[str, int]
) -> None:
    page = phone_page(REVIEWER)
    _fill_corrective_action(page, live_server)
    form = page.locator("#finding-form")
    discard = form.get_by_role("button", name="放弃这条发现（不记录）")
    discard.click()
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("不会记录")
    dialog.locator("[data-confirm-cancel]").click()
    expect(form.locator("textarea[name=text]")).to_have_value(TYPED)
    expect(form.locator("select[name=kind]")).to_have_value("corrective_action")
    expect(form.locator("input[name=owner]")).to_have_value("张工")

    page.wait_for_timeout(800)  # a click within forms.js's echo window is taken as a double
    discard.click()
    dialog.locator("[data-confirm-ok]").click()  # asked and answered: now it clears
    expect(form.locator("textarea[name=text]")).to_have_value("")


def test_the_discard_is_worded_in_english(
    phone_page: OpenPage, live_server: str, demo_world: dict[str, int]
) -> None:
    page = phone_page(REVIEWER)
    page.goto(f"{live_server}/lang/en?next=/reviews/")
    _fill_corrective_action(page, live_server)
    form = page.locator("#finding-form")
    form.get_by_role("button", name="Discard this finding (not recorded)").click()
    expect(page.locator("#confirm-dialog")).to_contain_text("will not be recorded")
    page.locator("#confirm-dialog [data-confirm-cancel]").click()
    expect(form.locator("textarea[name=text]")).to_have_value(TYPED)
    page.goto(f"{live_server}/lang/zh_CN?next=/reviews/")
