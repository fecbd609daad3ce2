"""A paste longer than a field's limit is said beside the field, in a real browser (qa38 S3).

The browser cuts a paste at the input's maxlength without a word: the park officer's
600-character English name was saved as 200 characters with only "单位信息已保存". The
profile form's fields now say their limit, and forms.js says when a paste was cut.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from rcapp import db
from rcapp.organisations.models import Organisation

PARK_ADMIN = "weibei-park.admin@demo.example.cn"

PASTE = """([id, text]) => {
  const field = document.getElementById(id);
  field.focus();
  field.setSelectionRange(field.value.length, field.value.length);
  const data = new DataTransfer();
  data.setData('text', text);
  const options = {clipboardData: data, bubbles: true, cancelable: true};
  field.dispatchEvent(new ClipboardEvent('paste', options));
}"""


def test_a_paste_longer_than_the_limit_is_said(
    page: Page,
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
) -> None:
    with live_app.app_context():
        park_id = db.session().scalar(
            select(Organisation.id).where(Organisation.name_zh == "山东潍北化工产业园")
        )
    log_in(page, PARK_ADMIN)
    page.goto(f"{live_server}/organisations/{park_id}/edit")
    note = page.locator("#city-cut")
    expect(note).to_be_hidden()
    expect(page.locator("#city-help")).to_have_text("最多 100 个字符。")
    page.evaluate(PASTE, ["city", "潍" * 20])  # fits: no note
    expect(note).to_be_hidden()
    page.evaluate(PASTE, ["city", "潍" * 310])
    expect(note).to_be_visible()
    expect(note).to_contain_text("粘贴的内容超过 100 个字符")
    page.locator("#city").fill("潍坊")  # shortened: the note goes
    expect(note).to_be_hidden()
