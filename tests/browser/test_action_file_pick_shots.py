"""The company's closing form for a sent-back corrective action, phone and laptop (wordfix 4, 7).

The evidence file shows the page's own "选择文件 / Choose file" face (file_pick), not the
browser's "Choose File", and a file over the size limit is named before anything is sent;
the earlier file's help says it stays attached, "keep" being chosen. Screenshots in zh and
en at 390 and 1280 pixels (RCAPP_SHOTS).
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE, PhonePage, own_demo
from tests.browser.test_action_choice_on_a_phone import COMPANY, PDF, _sent_back_action

FACE = {"zh_CN": "选择文件", "en": "Choose file"}
STAYS = {"zh_CN": "它将继续附上", "en": "it stays attached"}
TOO_LARGE = {"zh_CN": "超过", "en": "larger than the"}

live_app, live_server, demo_world = own_demo("action-file-pick")


def test_the_action_evidence_file_in_the_pages_words(
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
            pick = page.locator(f"#close-{finding_id} .file-pick")
            expect(pick).to_have_class("file-pick file-pick-ready")
            expect(pick.locator(".file-pick-face")).to_have_text(FACE[lang])
            help_text = page.locator(f"#c-{finding_id}-earlier_file-help")
            expect(help_text).to_contain_text(STAYS[lang])
            page.locator(f"#close-{finding_id}").scroll_into_view_if_needed()
            page.screenshot(path=shots / f"action-file-{lang}-{width}.png")
            # the early check: a file over the limit (made small here) is named, not sent
            page.locator(f"#{field}").evaluate("input => input.dataset.maxBytes = '10'")
            page.locator(f"#{field}").set_input_files(
                {"name": "台账.pdf", "mimeType": "application/pdf", "buffer": PDF}
            )
            problem = page.locator(f"#{field}-problem")
            expect(problem).to_be_visible()
            expect(problem).to_contain_text(TOO_LARGE[lang])
            page.screenshot(path=shots / f"action-file-too-large-{lang}-{width}.png")
            width_now = page.evaluate("document.documentElement.scrollWidth")
            assert width_now <= viewport["width"], "the form is wider than the screen"
