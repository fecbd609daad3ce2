"""The year's list of organisations: the status filter's long choice (已延期或允许逾期，尚未提交)
was cut in its narrow drop-down. The status has a row of its own, as wide as its choices."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from rcapp.cycles.models import ReportingCycle
from tests.browser.test_extension_ahead_journey import open_year as open_year  # the fixture
from tests.browser.test_forms_keep_input import LogIn

SECRETARIAT = "secretariat@demo.example.cn"
ARROW = 24  # px Chromium keeps at a closed select's right for its arrow, inside the padding
# The chosen option's text measured in the select's own font, and the room the select has.
MEASURED = """select => {
  const style = getComputedStyle(select);
  const context = document.createElement("canvas").getContext("2d");
  context.font = style.font;
  const text = select.options[select.selectedIndex].text;
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  return [context.measureText(text).width, select.clientWidth - padding];
}"""


@pytest.mark.parametrize(
    ("lang", "width"), [("zh_CN", 1280), ("zh_CN", 390), ("en", 1280)]
)  # English at 390 px: the phone's picker shows the whole choice; the closed select may cut it
def test_the_long_status_choice_is_not_cut(
    page: Page,
    live_server: str,
    open_year: ReportingCycle,
    log_in: LogIn,
    lang: str,
    width: int,
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, SECRETARIAT)
    page.goto(f"{live_server}/lang/{lang}")
    page.goto(f"{live_server}/cycles/{open_year.id}/organisations")
    select = page.locator("select[name=status]")
    select.select_option("extended_open")
    text, room = select.evaluate(MEASURED)
    assert text + ARROW <= room, (text, room)
