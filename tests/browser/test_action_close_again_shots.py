"""A sent-back corrective action on a phone and a laptop, zh and en (actionfix #1, #2).

The box holds the evidence sent back, editable, with the note saying so; the lead's reason
sits right above the form; the earlier file stays in sight with "keep" chosen; a file the
page takes out makes the button ask before closing without it. Nothing is wider than the
screen. Screenshots in zh and en at 390 and 1280 pixels (RCAPP_SHOTS).
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from playwright.sync_api import expect

from tests.browser.confirm_dialog import answer_confirm
from tests.browser.conftest import LAPTOP, PHONE, PhonePage, own_demo
from tests.browser.test_action_choice_on_a_phone import COMPANY, PDF, _sent_back_action

NOTE = {
    "zh_CN": "已填入上次提交的说明，可修改。",
    "en": "Filled in with the evidence you gave last time",
}
ASKED = {"zh_CN": "不附此文件关闭整改项吗？", "en": "Close the corrective action without it?"}

live_app, live_server, demo_world = own_demo("action-close-again")


def test_the_sent_back_action_starts_from_its_evidence(
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    phone_page: PhonePage,
    shots: Path,
) -> None:
    review_id, finding_id = _sent_back_action(live_app, demo_world["xiling-chem"])
    field = f"c-{finding_id}-evidence_file"
    for width, viewport in (("390", PHONE), ("1280", LAPTOP)):
        page = phone_page(COMPANY, viewport=viewport, is_mobile=width == "390")
        for lang in ("zh_CN", "en"):
            page.goto(f"{live_server}/lang/{lang}?next=/reviews/{review_id}/final")
            action = page.locator(f"#action-{finding_id}")
            expect(action.locator(f"textarea[name=c-{finding_id}-evidence]")).to_have_value(
                "已分级"
            )
            expect(action.locator(f"#c-{finding_id}-evidence-help")).to_contain_text(NOTE[lang])
            expect(action.locator(".return-note")).to_contain_text("分级依据不清")
            expect(action.locator("input[value=keep]")).to_be_checked()
            expect(action.get_by_role("link", name="台账.pdf", exact=True)).to_be_visible()
            action.scroll_into_view_if_needed()
            action.screenshot(path=shots / f"action-again-{lang}-{width}.png")
            width_now = page.evaluate("document.documentElement.scrollWidth")
            assert width_now <= viewport["width"], "the action is wider than the screen"
            # a file taken out for its size (the limit made small here): the button asks
            page.locator(f"#{field}").evaluate("input => input.dataset.maxBytes = '10'")
            page.locator(f"#{field}").set_input_files(
                {"name": "扫描件.pdf", "mimeType": "application/pdf", "buffer": PDF}
            )
            action.locator(f"#close-{finding_id} button[type=submit]").click()
            expect(page.locator("#confirm-dialog")).to_be_visible()
            page.screenshot(path=shots / f"action-taken-out-{lang}-{width}.png")
            assert ASKED[lang] in answer_confirm(page, accept=False)
