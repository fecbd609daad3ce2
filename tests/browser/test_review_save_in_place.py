"""On a weak network (a phone at 200 kbit/s) an item's save does not reload the review page
(save-in-place.js): two items saved, no page load, each echo at its item, both stored; a
double tap on an item's save sends one request."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from rcapp import db
from rcapp.reviews.models import ItemDecision
from tests.browser.conftest import PHONE
from tests.browser.test_double_click import _double_click, _held_posts, _release

REVIEWER = "reviewer.xing@demo.example.cn"
SHOTS = Path(tempfile.gettempdir()) / "reviewnet-shots"


def _stored(live_app: Flask, assignment_id: int, item_ids: list[str]) -> dict[str, str]:
    with live_app.app_context():
        rows = db.session().scalars(
            select(ItemDecision).where(
                ItemDecision.assignment_id == assignment_id, ItemDecision.item_id.in_(item_ids)
            )
        )
        return {r.item_id: str(r.reason or "") for r in rows}


def _open(browser: Browser, log_in: Callable[[Page, str], None], live_server: str) -> Page:
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    log_in(page, REVIEWER)
    page.goto(f"{live_server}/reviews/")
    page.locator("main a[href^='/reviews/assignments/']").first.click()
    page.wait_for_load_state()
    return page


def test_two_items_saved_in_place_without_a_page_load(
    browser: Browser,
    live_app: Flask,
    live_server: str,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
) -> None:
    page = _open(browser, log_in, live_server)
    try:
        found = re.search(r"/reviews/assignments/(\d+)", page.url)
        assert found is not None
        assignment_id = int(found.group(1))
        loads: list[str] = []
        page.on("load", lambda _page: loads.append("load"))
        page.evaluate("window.__samePage = true")
        items = page.locator(".review-item:has(form[data-save-in-place])")
        saved = []
        for n, reason in ((-1, "现场核对：签字齐全（甲）"), (-2, "现场核对：记录完整（乙）")):
            item = items.nth(n)
            item_id = (item.get_attribute("id") or "").removeprefix("item-")
            saved.append(item_id)
            item.locator("input[value=accept]").check()
            item.locator("textarea").fill(reason)
            item.locator("button[type=submit]").click()
            echo = page.locator(f"[id='item-{item_id}'] .saved-here")
            expect(echo).to_have_text(f"{item_id} 的评审结论已保存。")
            expect(echo).to_be_in_viewport()  # beside the button pressed, not a screen above
            focused = page.evaluate("document.activeElement.closest('.review-item').id")
            assert focused == f"item-{item_id}"  # the focus kept on the item's button
            expect(page.locator(f"[id='item-{item_id}'] .badge-submitted")).to_be_visible()
        expect(page.locator(".saved-here")).to_have_count(1)  # the last save's only
        assert page.evaluate("window.__samePage") is True  # the same document throughout
        assert loads == []
        assert f"/reviews/assignments/{assignment_id}" in page.url
        stored = _stored(live_app, assignment_id, saved)
        assert stored == {
            saved[0]: "现场核对：签字齐全（甲）",
            saved[1]: "现场核对：记录完整（乙）",
        }
        # no unsaved mark left, and the item can be saved again (its version followed)
        expect(page.locator(f"[data-draft-unsaved='decide-{saved[0]}']").first).to_be_hidden()
        first = page.locator(f"[id='item-{saved[0]}']")
        first.locator("textarea").fill("现场核对：签字齐全（再次）")
        first.locator("button[type=submit]").click()
        expect(first.locator(".saved-here")).to_have_text(f"{saved[0]} 的评审结论已保存。")
        page.wait_for_function(
            "() => !document.querySelector('form[data-submitting]')", timeout=5000
        )
        assert _stored(live_app, assignment_id, saved[:1]) == {
            saved[0]: "现场核对：签字齐全（再次）"
        }
        SHOTS.mkdir(exist_ok=True)
        page.locator(f"[id='item-{saved[0]}']").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "saved-in-place-390.png"))
        assert loads == []
    finally:
        page.context.close()


def test_a_double_tap_on_an_item_save_sends_one_request(
    browser: Browser,
    live_server: str,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
) -> None:
    page = _open(browser, log_in, live_server)
    page.clock.install()
    page.reload()
    try:
        held = _held_posts(page, "**/items/**")
        item = page.locator(".review-item:has(form[data-save-in-place])").nth(-3)
        item.locator("input[value=accept]").check()
        button = item.locator("button[type=submit]")
        _double_click(page, button)
        assert len(held) == 1
        expect(button).to_be_disabled()  # until the answer comes
        # A slow network's save takes longer than ten seconds: still one (a timer let a
        # third tap through before).
        page.clock.run_for(12_000)
        _double_click(page, button)
        assert len(held) == 1
        expect(button).to_be_disabled()
        _release(held)
        expect(item.locator(".saved-here")).to_contain_text("已保存")
        expect(item.locator("button[type=submit]")).to_be_enabled()
        assert len(held) == 1
    finally:
        page.context.close()
