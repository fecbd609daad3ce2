"""A refused save on a long review page comes back at the item, with its message in view.

The reviewer's page lists a whole section (dozens of items); a refused save used to come
back at the top of the page, so the message beside the item was out of sight and the
reviewer could believe the item was saved.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect


def test_a_refused_item_save_scrolls_back_to_the_item_and_its_message(
    browser: Browser,
    live_server: str,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        log_in(page, "reviewer.xing@demo.example.cn")
        page.goto(f"{live_server}/reviews/")
        page.locator("main a[href^='/reviews/assignments/']").first.click()
        item = page.locator(".review-item").nth(8)
        item_id = item.get_attribute("id")
        item.locator("input[value=adjust]").check()
        item.locator("select").select_option("1")
        item.locator("button[type=submit]").click()  # no reason: refused
        page.wait_for_load_state()
        error = page.locator(f"[id='{item_id}'] .field-error")
        expect(error).to_contain_text("请填写理由")
        expect(error).to_be_in_viewport()
        assert page.evaluate("window.scrollY") > 0
    finally:
        context.close()


def test_a_refused_item_save_leaves_the_page_address_so_a_reload_sends_nothing(
    browser: Browser,
    live_server: str,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
) -> None:
    # qa10 S5: the browser stayed on …/items/<item>, where F5 offered to resubmit the form
    # (without JavaScript it still goes there; tests/web checks body[data-page-url]).
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        log_in(page, "reviewer.xing@demo.example.cn")
        page.goto(f"{live_server}/reviews/")
        page.locator("main a[href^='/reviews/assignments/']").first.click()
        page_path = page.url.split("?")[0].removeprefix(live_server)
        item = page.locator(".review-item").nth(8)
        item_id = item.get_attribute("id")
        item.locator("input[value=adjust]").check()
        item.locator("textarea").fill("签字页缺失")  # no level: refused
        item.locator("button[type=submit]").click()
        page.wait_for_load_state()
        expect(page.locator(f"[id='{item_id}'] .field-error")).to_be_visible()
        assert "/items/" not in page.url
        # answered in place (save-in-place.js): the page's own address stays
        assert page.url.removeprefix(live_server).split("#")[0].split("?")[0] == page_path
        expect(page.locator(f"[id='{item_id}'] textarea")).to_have_value("签字页缺失")
        posts: list[str] = []
        page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
        page.reload()
        page.wait_for_load_state()
        assert posts == []
        expect(page.locator(f"[id='{item_id}']")).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_refused_item_save_offers_no_unsaved_input(
    browser: Browser,
    live_server: str,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
    lang: str,
) -> None:
    # qa54 8: the input is on the page with the error beside it; "input from before that
    # could not be saved … Restore" would say it was lost.
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        log_in(page, "reviewer.xing@demo.example.cn")
        page.goto(f"{live_server}/lang/{lang}")
        page.goto(f"{live_server}/reviews/")
        page.locator("main a[href^='/reviews/assignments/']").first.click()
        item = page.locator(".review-item").nth(8)
        item_id = item.get_attribute("id")
        item.locator("input[value=adjust]").check()
        item.locator("select").select_option("1")
        item.locator("textarea").fill("   ")  # blank: refused, shown again as typed
        item.locator("button[type=submit]").click()
        page.wait_for_load_state()
        expect(page.locator(f"[id='{item_id}'] .field-error")).to_be_visible()
        expect(page.locator("#draft-banner")).to_be_hidden()
        page.reload()  # opened anew: still nothing lost to offer
        page.wait_for_load_state()
        expect(page.locator("#draft-banner")).to_be_hidden()
    finally:
        context.close()
