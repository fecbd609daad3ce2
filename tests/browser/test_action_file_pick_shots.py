"""The company's closing form for a sent-back corrective action, phone and laptop (wordfix 4, 7).

The evidence file shows the page's own "选择文件 / Choose file" face (file_pick), not the
browser's "Choose File", and a file over the size limit is named before anything is sent;
the earlier file's help says it stays attached, "keep" being chosen. Screenshots in zh and
en at 390 and 1280 pixels (RCAPP_SHOTS). Served on the task's own port.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.browser.conftest import LAPTOP, PHONE, PhonePage, build_demo, make_live_app
from tests.browser.test_action_choice_on_a_phone import COMPANY, PDF, _sent_back_action

PORT = 5194
FACE = {"zh_CN": "选择文件", "en": "Choose file"}
STAYS = {"zh_CN": "它将继续附上", "en": "it stays attached"}
TOO_LARGE = {"zh_CN": "超过", "en": "larger than the"}


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return make_live_app(tmp_path_factory.mktemp("action-file-pick"))


@pytest.fixture(scope="module")
def live_server(live_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", PORT, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{PORT}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def demo_world(live_app: Flask) -> dict[str, int]:
    return build_demo(live_app)


def test_the_action_evidence_file_in_the_pages_words(
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    phone_page: PhonePage,
    tmp_path: Path,
) -> None:
    shots = Path(os.environ.get("RCAPP_SHOTS") or tmp_path)
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
