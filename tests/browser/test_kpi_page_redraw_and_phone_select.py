"""The KPI page as the user types and on a phone (qa71: one KPI value, one way everywhere).

Typing redraws a computed rate as the server writes it (scoring.kpi_text: 0.00 for a rate,
where the script wrote 0), and the target form's KPI list shows its longest label whole at
390 px, where it was cut at the screen's edge.
"""

from __future__ import annotations

import math
import os
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from rcapp.scoring.kpi_text import RATE_PLACES, kpi_text
from tests.browser.conftest import PHONE, OpenPage
from tests.browser.test_target_select_width import _target_page

SHOTS = os.environ.get("RCAPP_SHOTS")  # a folder for the screenshots, when wanted

# The select showing its widest label: how wide that label is on one line, the select's text
# box, and the height of its text (a label wider than the box shows whole only on lines of
# its own: at least widest / box of them, each at least a font size high).
WIDEST_CHOSEN = """select => {
  const style = getComputedStyle(select);
  const context = document.createElement('canvas').getContext('2d');
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const widths = Array.from(select.options, o => context.measureText(o.text).width);
  const widest = Math.max(...widths);
  select.selectedIndex = widths.indexOf(widest);
  const box = select.getBoundingClientRect();
  const field = select.closest('.field').getBoundingClientRect();
  return {widest, inner: select.clientWidth - parseFloat(style.paddingLeft)
          - parseFloat(style.paddingRight), font: parseFloat(style.fontSize),
          textHeight: select.clientHeight - parseFloat(style.paddingTop)
          - parseFloat(style.paddingBottom), right: box.right, fieldRight: field.right,
          page: document.documentElement.scrollWidth, window: window.innerWidth};
}"""


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_typed_figure_redraws_the_rate_as_the_server_writes_it(
    desktop_page: OpenPage, live_server: str, demo_world: dict[str, int], lang: str
) -> None:
    path = f"/assessments/{demo_world['weibei-petro']}/kpis"
    page = _target_page(desktop_page, live_server, path, 1280, lang)
    rate = page.locator("output[data-formula*='lti_employees']").first
    injuries = page.locator("input[data-input='lti_employees']")
    injuries.fill("0")  # LTIF 0: a rate's two decimals, not "0"
    expect(rate).to_have_text(kpi_text(Decimal(0), RATE_PLACES))
    hours = Decimal(page.locator("input[data-input='hours_employees']").input_value())
    injuries.fill("3")
    expect(rate).to_have_text(kpi_text(Decimal(3) / hours * 1_000_000, RATE_PLACES))
    if SHOTS:
        table = rate.locator("xpath=ancestor::table")
        table.screenshot(path=f"{SHOTS}/kpis-typed-1280-{lang}.png")
        page.locator("#targets").screenshot(path=f"{SHOTS}/kpi-targets-1280-{lang}.png")


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_target_kpi_select_shows_its_longest_label_whole_on_a_phone(
    desktop_page: OpenPage, live_server: str, demo_world: dict[str, int], lang: str
) -> None:
    path = f"/assessments/{demo_world['weibei-petro']}/kpis"
    page = _target_page(desktop_page, live_server, path, PHONE["width"], lang)
    select = page.locator("#target-form select[name=kpi_id]")
    found = select.evaluate(WIDEST_CHOSEN)
    assert found["right"] <= found["fieldRight"] + 0.5  # the select stays in its box
    assert found["page"] <= found["window"]  # and the page in the window
    # the widest label (472 px in English) is wider than a phone: shown on lines enough
    # for all of it, where a native select cut it at the edge on one line
    assert found["widest"] > found["inner"], found
    lines = math.ceil(found["widest"] / found["inner"])
    assert found["textHeight"] >= lines * found["font"], found
    if SHOTS:
        select.scroll_into_view_if_needed()
        page.screenshot(path=f"{SHOTS}/kpi-targets-390-{lang}.png")
