"""A save in place after the assignment was submitted in another tab: ONE request, the refusal
shown at the item with the full page's words and a link to the page as it is now, the input
still in the form; zh on a phone, en on a desktop."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from playwright.sync_api import Browser, Page, expect

from rcapp import db
from rcapp.reviews import reviewing
from rcapp.reviews.models import ReviewAssignment
from tests.browser.conftest import PHONE, own_demo

live_app, live_server, demo_world = own_demo("refused-in-place")

REVIEWER = "reviewer.xing@demo.example.cn"
SHOTS = Path(tempfile.gettempdir()) / "inplacerefuse-shots"


def _open(browser: Browser, log_in: Callable[[Page, str], None], server: str, **size: int) -> Page:
    page = browser.new_context(
        viewport={"width": size["width"], "height": size["height"]}
    ).new_page()
    log_in(page, REVIEWER)
    page.goto(f"{server}/reviews/")
    page.locator("main a[href^='/reviews/assignments/']").first.click()
    page.wait_for_load_state()
    return page


def _submit_elsewhere(app: Flask, assignment_id: int) -> None:
    """The reviewer accepts the rest and submits in another tab."""
    with app.app_context():
        assignment = db.session().get(ReviewAssignment, assignment_id)
        assert assignment is not None
        reviewing.accept_remaining(
            assignment, list(assignment.review.sample), set(), assignment.reviewer
        )
        reviewing.submit_assignment(assignment, assignment.reviewer)
        db.session().commit()


def _save_refused(page: Page, reason: str) -> tuple[str, list[str]]:
    """Save the page's last item with `reason`; return its id and the requests sent."""
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    loads: list[str] = []
    page.on("load", lambda _page: loads.append("load"))
    item = page.locator(".review-item:has(form[data-save-in-place])").last
    item_id = (item.get_attribute("id") or "").removeprefix("item-")
    item.locator("input[value=accept]").check()
    item.locator("textarea").fill(reason)
    item.locator("button[type=submit]").click()
    expect(item.locator(".refused-here")).to_be_visible()
    page.wait_for_timeout(500)  # a second POST (the ordinary form) would be out by now
    assert loads == []
    return item_id, posts


def test_a_save_after_the_submit_elsewhere_makes_one_post_and_shows_the_refusal(
    browser: Browser,
    live_app: Flask,
    live_server: str,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
) -> None:
    english = _open(browser, log_in, live_server, width=1280, height=800)
    english.goto(f"{live_server}/lang/en")
    english.go_back()
    english.reload()
    expect(english.locator("html")).to_have_attribute("lang", re.compile("^en"))
    phone = _open(browser, log_in, live_server, **PHONE)  # logged in in Chinese
    found = re.search(r"/reviews/assignments/(\d+)", phone.url)
    assert found is not None
    _submit_elsewhere(live_app, int(found.group(1)))
    SHOTS.mkdir(exist_ok=True)
    try:
        item_id, posts = _save_refused(phone, "现场核对：签字齐全")
        assert len(posts) == 1  # not sent again the ordinary way
        assert posts[0].endswith(f"/items/{item_id}")
        item = phone.locator(f"[id='item-{item_id}']")
        notice = item.locator(".refused-here")
        expect(notice).to_have_attribute("role", "alert")
        expect(notice).to_contain_text("您的评审已提交，不能再修改；您的输入未保存。")
        expect(notice).to_contain_text(f"您为 {item_id} 填写的理由：现场核对：签字齐全")
        expect(notice).to_be_in_viewport()
        link = notice.locator("a")
        expect(link).to_have_text("重新打开本页")
        expect(link).to_have_attribute("href", re.compile(rf"#item-{re.escape(item_id)}$"))
        expect(item.locator("textarea")).to_have_value("现场核对：签字齐全")  # nothing lost
        # The note beside the button no longer asks to press save again: the draft and the link.
        note = item.locator(f"p[data-draft-unsaved='decide-{item_id}']")
        expect(note).to_be_visible()
        expect(note).to_contain_text(
            "本页已不能保存：您的输入作为草稿保留在此标签页中，请点击下方提示中的链接继续。"
        )
        expect(note).not_to_contain_text("保存本项", use_inner_text=True)
        expect(item.locator("button[type=submit]")).to_be_enabled()
        phone.screenshot(path=str(SHOTS / "refused-in-place-zh-390.png"))
        # The draft stays in the tab: the page opened again offers no form, and tells why.
        link.click()
        phone.wait_for_load_state()
        assert f"/items/{item_id}" not in phone.url
        expect(phone.locator("form[data-save-in-place]")).to_have_count(0)
        drafts = phone.evaluate(
            "Object.keys(sessionStorage).filter(k => k.startsWith('rcapp-draft:'))"
            ".map(k => sessionStorage.getItem(k)).join()"
        )
        assert "现场核对：签字齐全" in drafts  # kept in the tab, as after a refused full page
    finally:
        phone.context.close()
    try:
        # the user's language now (it follows the account): chosen in another tab
        choose = english.context.new_page()
        choose.goto(f"{live_server}/lang/en")
        choose.close()
        item_id, posts = _save_refused(english, "Signatures checked on site")
        assert len(posts) == 1
        notice = english.locator(f"[id='item-{item_id}'] .refused-here")
        expect(notice).to_contain_text(
            "Your review has been submitted and can no longer be changed; your input was not saved."
        )
        expect(notice.locator("a")).to_have_text("Open this page again")
        note = english.locator(f"p[data-draft-unsaved='decide-{item_id}']")
        expect(note).to_contain_text(
            "This page can no longer save: your input is kept as a draft in this tab."
            " Follow the link in the message below to go on."
        )
        expect(note).not_to_contain_text("Save this item", use_inner_text=True)
        english.screenshot(path=str(SHOTS / "refused-in-place-en-1280.png"))
    finally:
        english.context.close()
