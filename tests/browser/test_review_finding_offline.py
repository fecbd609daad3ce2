"""A finding sent while offline comes back in place on Back, named in the bar (QA, on site).

On a phone at the site the reviewer recorded a finding, the post failed (no signal) and he
pressed Back: the form was empty and the only offer to restore it was a banner at the top
of a long page, out of sight. The finding form now comes back as item decisions do: filled
in place, marked 未保存 beside its button, and named in the bar at the screen's foot
(未保存：发现（MS.G3.3）). The item's "记录发现" link chooses the item in the form.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import OpenPage

REVIEWER = "reviewer.xing@demo.example.cn"
TYPED = "储罐区巡检记录缺少 3 月份（离线时提交）"


def _open_review(page: Page, live_server: str) -> str:
    """Open the reviewer's assignment; return the first sampled item with a 记录发现 link."""
    page.goto(f"{live_server}/reviews/")
    page.locator("main a[href^='/reviews/assignments/']").first.click()
    link = page.locator("a[data-finding-item]").first
    item_id = link.get_attribute("data-finding-item")
    assert item_id
    return item_id


def test_a_finding_sent_offline_comes_back_in_place_on_back(
    phone_page: OpenPage, live_server: str, demo_world: dict[str, int]
) -> None:
    page = phone_page(REVIEWER)
    item_id = _open_review(page, live_server)
    form = page.locator("#finding-form")
    page.locator(f"a[data-finding-item='{item_id}']").click()
    expect(form.locator("select[name=item_id]")).to_have_value(item_id)
    expect(form.locator("textarea[name=text]")).to_be_in_viewport()
    form.locator("textarea[name=text]").fill(TYPED)

    page.context.set_offline(True)
    try:
        form.get_by_role("button", name="记录", exact=True).click()
        page.wait_for_url(lambda url: "/findings" in url or url.startswith("chrome-error"))
    finally:
        page.context.set_offline(False)  # the signal back, he presses Back
    page.go_back()
    expect(form.locator("textarea[name=text]")).to_have_value(TYPED)
    expect(form.locator("select[name=item_id]")).to_have_value(item_id)
    note = form.locator("[data-draft-unsaved='finding-form']")
    expect(note).to_be_visible()
    expect(note).to_contain_text("上次提交没有送达服务器")
    expect(page.locator("#draft-banner")).to_be_hidden()
    bar = page.locator("#review-bar")
    expect(bar.locator("[data-draft-unsaved-list]")).to_contain_text(f"发现（{item_id}）")


def test_the_record_a_finding_link_works_without_script(
    browser: Browser,
    live_server: str,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        log_in(page, REVIEWER)
        item_id = _open_review(page, live_server)
        page.locator(f"a[data-finding-item='{item_id}']").click()
        assert page.url.endswith("#finding-form")
        assert f"finding_item={item_id}" in page.url
        form = page.locator("#finding-form")
        expect(form.locator("select[name=item_id]")).to_have_value(item_id)
        expect(form).to_be_in_viewport()
    finally:
        context.close()
