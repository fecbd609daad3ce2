"""The KPI page on a phone (375 px) and at 200 % zoom (640 px): each row stacks (qa18 D4).

The table stayed 794–880 px wide in a sideways-scrolling box: the fields were cut off, a
row was 600–720 px tall with its help in the first column, and tabbing to a note scrolled
the figure's name out of view. Now nothing scrolls sideways, every field has its name in
view beside it, and the help is folded. At 1,280 px the table is as it was.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import ViewportSize

from tests.browser.conftest import OpenPage

# For each field of the first rows: its row, its cell's visible name and the field's box.
_FIELDS = """() => [...document.querySelectorAll('table.kpi-table tbody tr')].slice(0, 6)
  .flatMap(row => [...row.querySelectorAll('td input:not([type=hidden])')].map(input => {
    const label = input.closest('td').querySelector('.cell-label');
    const box = e => {
      const r = e.getBoundingClientRect();
      return [r.left, r.top, r.right, r.bottom];
    };
    return {row: row.id, input: box(input), label: label ? box(label) : null,
            name: box(row.querySelector('th[scope=row] label'))};
  }))"""

# Every box that scrolls sideways (the page, the table regions) with how far it would.
_SIDEWAYS = """() => [document.documentElement, ...document.querySelectorAll('.table-scroll')]
  .map(e => [e.className || 'page', e.scrollWidth - e.clientWidth]).filter(x => x[1] > 1)"""


def _size(width: int) -> ViewportSize:
    return {"width": width, "height": 900}


def _beside(field: dict[str, Any], width: int) -> None:
    left, top, right, bottom = field["input"]
    assert field["label"] is not None, field
    l_left, l_top, l_right, l_bottom = field["label"]
    assert l_right > l_left, f"the name of a field in {field['row']} is hidden"
    assert l_bottom > l_top, f"the name of a field in {field['row']} is hidden"
    assert l_left >= 0, field
    assert l_right <= left, field  # the name left of its field
    assert l_top < bottom, field  # on the same line
    assert top < l_bottom, field
    assert right <= width, field  # the field whole on the screen
    assert field["name"][3] <= l_top, field  # the figure's name above its cells


# A phone, 200 % at 1,280 px, and laptops zoomed: 1,366 px at 200 % and 1,280 px at 150 %
# (QA39 D3: up to 960 px the table squeezed the item column to 83 px and cut off the notes).
@pytest.mark.parametrize(("width", "height"), [(375, 900), (640, 900), (683, 384), (853, 600)])
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_kpi_rows_stack_with_every_field_named_beside_it(
    desktop_page: OpenPage,
    live_server: str,
    demo_world: dict[str, int],
    lang: str,
    width: int,
    height: int,
) -> None:
    viewport: ViewportSize = {"width": width, "height": height}
    page = desktop_page("ludong-fert.admin@demo.example.cn", viewport=viewport)
    url = f"/assessments/{demo_world['ludong-fert']}/kpis"
    page.goto(f"{live_server}/lang/{lang}?next={url}")
    page.evaluate("document.fonts.ready")
    assert page.evaluate(_SIDEWAYS) == []
    fields = page.evaluate(_FIELDS)
    assert len(fields) >= 8  # this year's figure and its note, row by row
    for field in fields:
        _beside(field, width)
    # the help folded: one line, opened on demand; still the figure's description
    first = page.locator("table.kpi-table tbody tr").first
    assert first.locator("p.wide-only").is_hidden()
    fold = first.locator("details.help-fold")
    assert fold.is_visible()
    assert fold.locator("p").is_hidden()
    assert (first.bounding_box() or {"height": 999})["height"] < 400
    fold.locator("summary").click()
    assert fold.locator("p").is_visible()
    assert page.evaluate(_SIDEWAYS) == []
    # tabbing to a note keeps the figure's name in view (the box scrolled it away)
    note = first.locator("td:last-child input[type=text]")
    note.focus()
    name = first.locator("th[scope=row] label")
    assert name.evaluate("e => e.getBoundingClientRect().left") >= 0
    assert page.evaluate(_SIDEWAYS) == []


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_read_only_kpi_figures_stack_on_a_phone(
    desktop_page: OpenPage, live_server: str, demo_world: dict[str, int], lang: str
) -> None:
    page = desktop_page("xiling-chem.admin@demo.example.cn", viewport=_size(375))
    url = f"/assessments/{demo_world['xiling-chem']}/kpis"
    page.goto(f"{live_server}/lang/{lang}?next={url}")
    page.evaluate("document.fonts.ready")
    assert page.locator("table.kpi-table input.num-input").count() == 0  # submitted
    assert page.evaluate(_SIDEWAYS) == []
    for table in ("table.kpi-table", "table.kpi-rates"):
        label = page.locator(f"{table} tbody tr td .cell-label").first
        assert label.is_visible()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_kpi_table_at_1280_px_is_a_table(
    desktop_page: OpenPage, live_server: str, demo_world: dict[str, int], lang: str
) -> None:
    page = desktop_page("ludong-fert.admin@demo.example.cn")
    url = f"/assessments/{demo_world['ludong-fert']}/kpis"
    page.goto(f"{live_server}/lang/{lang}?next={url}")
    table = page.locator("table.kpi-table").first
    assert table.evaluate("t => getComputedStyle(t).display") == "table"
    assert table.locator("thead").is_visible()
    assert table.locator(".cell-label").first.is_hidden()
    assert table.locator("details.help-fold").first.is_hidden()
    assert table.locator("p.wide-only").first.is_visible()
