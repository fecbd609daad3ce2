"""The year's list of organisations: the status filter's longest choice
("已给予延期或允许逾期提交，尚未提交") was cut in its narrow drop-down. It now takes two columns
of the filter grid, and reads whole at 1,280 and 390 px in Chinese."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page

from rcapp.cycles.models import ReportingCycle
from tests.browser.test_extension_ahead_journey import open_year as open_year  # the fixture
from tests.browser.test_forms_keep_input import LogIn

SHOTS = os.environ.get("RCAPP_SCREENSHOTS")  # a folder to keep the pages' pictures in
SECRETARIAT = "secretariat@demo.example.cn"
# the chosen option's text, measured in the select's own font, with room for its arrow
FITS = """select => {
  const style = getComputedStyle(select);
  const context = document.createElement("canvas").getContext("2d");
  context.font = style.font;
  const text = select.options[select.selectedIndex].text;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return [context.measureText(text).width, room];
}"""


# English's "Given an extension or allowed to submit late, not submitted yet" is wider than a
# phone's select (469 px): left for a shorter English wording (see the helper's report).
@pytest.mark.parametrize("lang", ["zh_CN"])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_longest_status_choice_is_not_cut(
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
    text, room = select.evaluate(FITS)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/status-filter-{lang}-{width}.png")
    assert text <= room, (text, room)
