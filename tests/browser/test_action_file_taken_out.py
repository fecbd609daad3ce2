"""Closing an action after the page took the chosen file out asks first (actionfix #2).

A company admin chose a 22 MB scan the lead had asked for; the page said it was over the
limit and took it out of the choice; she pressed 关闭整改项 and the action closed with no file
at all. Now the button asks, in the page's own dialog, whether to close without the file:
取消 keeps the page as it was; a form refused (no evidence) comes back still saying the file
was taken out, and still asking; choosing a file that fits takes the question away; 确定
closes without the file. Its own demo database (the action is closed at the end).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask
from playwright.sync_api import FilePayload, Page, expect

from rcapp import db
from rcapp.reviews.models import ActionStatus, Finding
from tests.browser.confirm_dialog import answer_confirm
from tests.browser.conftest import own_demo
from tests.browser.test_close_action_refusal_forgotten import ADMIN, _open_action

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
SCAN = FilePayload(name="全厂扫描件.pdf", mimeType="application/pdf", buffer=PDF)
SMALL = FilePayload(name="签字页.pdf", mimeType="application/pdf", buffer=PDF)
ASKED = {
    "zh_CN": "所选文件“全厂扫描件.pdf”已去掉，没有上传。不附此文件关闭整改项吗？",
    "en": "The file you chose, “全厂扫描件.pdf”, was taken out and not uploaded.",
}
CLOSE = {"zh_CN": "关闭整改项", "en": "Close the corrective action"}

live_app, live_server, demo_world = own_demo("file-taken-out")


def _status(live_app: Flask, action_id: int) -> tuple[ActionStatus | None, str | None]:
    with live_app.app_context():
        action = db.session().get(Finding, action_id)
        assert action is not None
        return action.action_status, action.closing_file_name


def _after_answer(page: Page) -> None:
    """Click again as a person would: one moments after an answer is a double click's echo."""
    page.wait_for_timeout(800)  # forms.js ECHO_MS is 700


def _choose_too_large(page: Page, field: str) -> None:
    """Choose a file the early check takes out (its limit made small here)."""
    page.locator(f"#{field}").evaluate("input => input.dataset.maxBytes = '10'")
    page.locator(f"#{field}").set_input_files(SCAN)
    expect(page.locator(f"#{field}-problem")).to_contain_text("全厂扫描件.pdf")


def test_closing_without_the_file_taken_out_asks_first(
    page: Page,
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
    shots: Path,
) -> None:
    review_id, action_id = _open_action(live_app)
    field = f"c-{action_id}-evidence_file"
    evidence = page.locator(f"textarea[name=c-{action_id}-evidence]")
    log_in(page, ADMIN)
    for lang in ("zh_CN", "en"):
        page.goto(f"{live_server}/lang/{lang}?next=/reviews/{review_id}/final")
        button = page.locator(f"#close-{action_id}").get_by_role("button", name=CLOSE[lang])
        evidence.fill("扫描件见附件")
        _choose_too_large(page, field)
        page.locator(f"#close-{action_id}").scroll_into_view_if_needed()
        button.click()
        assert ASKED[lang] in answer_confirm(page, accept=False)
        expect(evidence).to_have_value("扫描件见附件")  # nothing sent, nothing lost
        assert _status(live_app, action_id) == (ActionStatus.OPEN, None)
        page.screenshot(path=shots / f"file-taken-out-{lang}.png")

    # No evidence: the server refuses, and the page still says the file was taken out (its
    # name went with the form, in its hidden field), and still asks.
    evidence.fill("")
    _after_answer(page)
    with page.expect_navigation():
        button.click()  # an empty form goes without the question (forms.js), to be refused
    expect(page.locator(f"#{field}-problem")).to_contain_text("全厂扫描件.pdf")
    evidence.fill("扫描件见附件")
    button.click()
    assert ASKED["en"] in answer_confirm(page, accept=False)

    # A file that fits goes without the question.
    page.locator(f"#{field}").set_input_files(SMALL)
    expect(button).not_to_have_attribute("data-confirm", ASKED["en"])
    expect(page.locator(f"#{field}-problem")).to_be_hidden()

    # Taken out again, and she means it: 确定 closes the action without a file.
    _choose_too_large(page, field)
    _after_answer(page)
    button.click()
    with page.expect_navigation():
        answer_confirm(page, accept=True)
    assert _status(live_app, action_id) == (ActionStatus.CLOSED, None)
