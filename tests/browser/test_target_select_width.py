"""The KPI target form's KPI list reads in full: its longer labels are not cut at the select's
edge (a half-width column in a two-column grid), nor does the select overflow its box."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import OpenPage

EDITOR = "weibei-petro.admin@demo.example.cn"  # 潍北石化: 2025 returned, so editable

ARROW = 24  # px a select's drop-down arrow takes from its text box

# The widest option label's width as the select draws it, beside the select's text box.
MEASURE = """select => {
  const style = getComputedStyle(select);
  const context = document.createElement('canvas').getContext('2d');
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const widest = Math.max(...Array.from(select.options, o => context.measureText(o.text).width));
  const box = select.getBoundingClientRect();
  const field = select.closest('.field').getBoundingClientRect();
  return {widest, inner: select.clientWidth - parseFloat(style.paddingLeft)
          - parseFloat(style.paddingRight), right: box.right, fieldRight: field.right,
          page: document.documentElement.scrollWidth,
          window: window.innerWidth};
}"""


def _target_page(
    desktop_page: OpenPage, live_server: str, path: str, width: int, lang: str
) -> Page:
    page = desktop_page(EDITOR, viewport={"width": width, "height": 900})
    page.goto(f"{live_server}/lang/{lang}?next={path}")
    page.evaluate("document.fonts.ready.then(() => true)")  # widths in the page's font
    return page


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("width", [1280, 768])
def test_the_target_kpi_select_shows_its_longest_label_whole(
    desktop_page: OpenPage, live_server: str, demo_world: dict[str, int], width: int, lang: str
) -> None:
    path = f"/assessments/{demo_world['weibei-petro']}/kpis"
    page = _target_page(desktop_page, live_server, path, width, lang)
    select = page.locator("#target-form select[name=kpi_id]")
    found = select.evaluate(MEASURE)
    assert found["right"] <= found["fieldRight"] + 0.5  # the select stays in its box
    assert found["page"] <= found["window"]  # and the page in the window
    # the widest label fits, with room for the drop-down arrow (it was cut at half the row)
    assert found["widest"] + ARROW <= found["inner"], found
