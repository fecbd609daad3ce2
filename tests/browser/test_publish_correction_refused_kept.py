"""A correction note the server refuses as too long is shown again as typed, at its field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.confirm_dialog import answer_confirm
from tests.browser.conftest import shoot_laptop_and_phone
from tests.browser.correction_edition import open_correction_job

TYPED = "第三章事故起数更正为 12 起。\n" + "附" * 485  # 502 characters


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_note_too_long_is_kept_in_its_field_with_the_message(
    page: Page,
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
    shots: Path,
    lang: str,
) -> None:
    open_correction_job(page, live_server, live_app, log_in, lang)
    field = page.locator("#publish-correction")
    # a browser stops typing at the limit; a pasted or scripted note need not (and the
    # server counts as it does): the server's refusal is what is looked at here
    field.evaluate("element => element.removeAttribute('maxlength')")
    field.fill(TYPED)
    page.locator("#job-publish button[type=submit]").click()
    answer_confirm(page)

    expect(page.locator("#publish-correction-error")).to_be_visible()
    assert page.locator("#publish-correction").input_value() == TYPED
    expect(page.locator("#publish-correction")).to_have_attribute("aria-invalid", "true")
    words = "现为 502 字。" if lang == "zh_CN" else "It now has 502 characters."
    expect(page.locator("#publish-correction-error")).to_contain_text(words)
    error = page.locator("#publish-correction-error")
    what = "the refused publish form"
    shoot_laptop_and_phone(page, shots, f"correction-refused-{lang}", what, in_view=error)
