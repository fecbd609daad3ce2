"""The secretariat publishes a corrected annual report: it says what was corrected, chooses
whether members are mailed (the question follows the box), and members read the note."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.confirm_dialog import answer_confirm
from tests.browser.conftest import LAPTOP, shoot_laptop_and_phone
from tests.browser.correction_edition import open_correction_job
from tests.browser.test_member_annual_report import COMPANY

NOTE = "第三章事故起数更正为 12 起。\n附表 2 的单位名称已更正。"


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_corrected_edition_says_what_it_corrects_and_may_mail_nobody(
    page: Page,
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
    shots: Path,
    lang: str,
) -> None:
    job_id = open_correction_job(page, live_server, live_app, log_in, lang)
    form = page.locator("#job-publish")
    box = form.locator("#publish-notify")
    expect(box).to_be_checked()
    expect(form.locator("#publish-correction")).to_have_attribute("required", "")
    stem = f"publish-correction-{lang}"
    shoot_laptop_and_phone(page, shots, stem, "the publish form", in_view=form, full_page=True)
    page.set_viewport_size(LAPTOP)
    button = form.locator("button[type=submit]")
    form.locator("#publish-correction").fill(NOTE)
    button.click()  # checked: the question says who is mailed
    asked = answer_confirm(page, accept=False)
    assert ("发送一封邮件" in asked) if lang == "zh_CN" else ("get one mail" in asked), asked
    box.uncheck()
    page.wait_for_timeout(800)  # forms.js drops a click just after an answer (a double click)
    button.click()
    asked = answer_confirm(page)
    assert ("未勾选" in asked) if lang == "zh_CN" else ("“Notify members” is unchecked" in asked)
    page.wait_for_url("**/cycles/**")  # published: the year page, its editions in view
    expect(page.locator(".flash").first).to_be_visible()
    flashes = page.locator(".flash").all_inner_texts()
    assert any(("未通知会员" in text) or ("not notified" in text) for text in flashes)
    log_in(page, COMPANY)
    page.goto(f"{live_server}/lang/{lang}?next=/reports/annual-reports")
    note = page.locator(f"#correction-note-{job_id}")
    expect(note).to_contain_text("附表 2 的单位名称已更正。")
    stem = f"annual-reports-{lang}"
    shoot_laptop_and_phone(page, shots, stem, "the annual reports page", full_page=True)
