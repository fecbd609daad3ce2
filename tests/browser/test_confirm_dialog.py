"""The confirmation before an irreversible action is the page's own dialog (forms.js), not
window.confirm: its buttons in the page's language, the question's paragraphs kept, focus
kept inside, Esc cancels, fit for a phone; without JavaScript the button submits as before."""

from __future__ import annotations

import pytest
from playwright.sync_api import Dialog, Page, Route, expect

from tests.browser.conftest import OpenPage
from tests.browser.test_forms_keep_input import EDITOR

WORDS = {
    "zh_CN": ("请确认", "确定", "取消", "提交自评", "提交后自评将被锁定"),
    "en": ("Please confirm", "OK", "Cancel", "Submit self-assessment", "locked"),
}


def _overview(page: Page, live_server: str, demo_world: dict[str, int], lang: str) -> None:
    url = f"/assessments/{demo_world['weibei-petro']}"
    page.goto(f"{live_server}/lang/{lang}?next={url}")


def _focus_in_dialog(page: Page) -> bool:
    return bool(page.evaluate("() => Boolean(document.activeElement.closest('#confirm-dialog'))"))


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_submitting_asks_in_the_pages_own_dialog(
    desktop_page: OpenPage, live_server: str, demo_world: dict[str, int], lang: str
) -> None:
    title, ok, cancel, submit, lock_words = WORDS[lang]
    page = desktop_page(EDITOR)
    _overview(page, live_server, demo_world, lang)
    native: list[str] = []

    def refuse(dialog: Dialog) -> None:  # window.confirm would land here
        native.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    heading = page.locator("h1").inner_text()
    button = page.get_by_role("button", name=submit)
    button.click()
    dialog = page.get_by_role("dialog", name=title)
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name=ok, exact=True)).to_be_focused()
    expect(dialog.get_by_role("button", name=cancel, exact=True)).to_be_visible()
    # the demo's open data problems come first, the lock last: a paragraph each
    paragraphs = dialog.locator("[data-confirm-text] p")
    assert paragraphs.count() >= 2
    assert lock_words in paragraphs.last.inner_text()
    for _ in range(4):  # modal: Tab goes round the dialog, never to the page behind it
        page.keyboard.press("Tab")
        assert _focus_in_dialog(page)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(button).to_be_focused()
    expect(page.locator("h1")).to_have_text(heading)  # not submitted
    page.wait_for_timeout(800)  # a person clicks again after a moment (forms.js drops echoes)
    button.click()  # asked again, and 取消 cancels as Esc does
    dialog.get_by_role("button", name=cancel, exact=True).click()
    expect(dialog).to_be_hidden()
    expect(page.locator("h1")).to_have_text(heading)
    assert native == []


def test_the_dialog_fits_a_phone(
    phone_page: OpenPage, live_server: str, demo_world: dict[str, int]
) -> None:
    page = phone_page(EDITOR)
    _overview(page, live_server, demo_world, "zh_CN")
    page.get_by_role("button", name="提交自评").click()
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    box = dialog.bounding_box()
    viewport = page.viewport_size
    assert box is not None
    assert viewport is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= viewport["width"]
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= viewport["height"]
    cancel = dialog.get_by_role("button", name="取消", exact=True)
    cancel.scroll_into_view_if_needed()
    cancel.tap()
    expect(dialog).to_be_hidden()


def test_without_javascript_the_button_submits_as_before(
    desktop_page: OpenPage, live_server: str, demo_world: dict[str, int]
) -> None:
    page = desktop_page(EDITOR, java_script_enabled=False)
    posted: list[str] = []

    def hold(route: Route) -> None:  # the submit is seen, not let through: the demo stays
        posted.append(route.request.method)
        route.fulfill(status=204)

    page.route("**/submit", hold)
    _overview(page, live_server, demo_world, "zh_CN")
    page.get_by_role("button", name="提交自评").click()
    expect(page.locator("#confirm-dialog")).to_be_hidden()
    page.wait_for_timeout(300)
    assert posted == ["POST"]
