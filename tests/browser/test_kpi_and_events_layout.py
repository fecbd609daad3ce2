"""The KPI and events tables at 1,280 px: only the wrong field outlined, units and figures
whole, dates on one line, the event form apart from the register (QA: 17a, 17b, 28)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator

from tests.browser.conftest import OpenPage


def _lines(cell: Locator) -> int:
    """How many lines the cell's text takes (the cell itself is as tall as its row)."""
    return int(
        cell.evaluate(
            "c => { const r = document.createRange(); r.selectNodeContents(c);"
            " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"
        )
    )


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_kpi_row_with_an_error_outlines_only_its_figure_and_units_stay_whole(
    desktop_page: OpenPage, live_server: str, demo_world: dict[str, int], lang: str
) -> None:
    page = desktop_page("ludong-fert.admin@demo.example.cn")
    url = f"/assessments/{demo_world['ludong-fert']}/kpis"
    page.goto(f"{live_server}/lang/{lang}?next={url}")
    first = page.locator("input.num-input").first
    first.fill("abc")  # refused: nothing of this save changes the demo's figures
    page.click(".sticky-actions button[type=submit]")
    row = page.locator("tr.has-error").first
    figure = row.locator("input.num-input")
    note = row.locator("td:last-child input[type=text]")
    danger = figure.evaluate("e => getComputedStyle(e).borderTopColor")
    assert note.evaluate("e => getComputedStyle(e).borderTopColor") != danger

    # "人（整数）" / "persons (whole number)": the unit itself never splits
    unit = page.locator("td.unit:has(.muted)").first
    assert _lines(unit) <= (1 if lang == "zh_CN" else 2)

    field = page.locator("input.num-input").nth(1)
    field.fill("123456789012.123456")  # the largest figure rcapp keeps, not saved
    assert field.evaluate("e => e.scrollWidth <= e.clientWidth")


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_event_register_keeps_dates_whole_and_its_form_apart(
    desktop_page: OpenPage, live_server: str, demo_world: dict[str, int], lang: str
) -> None:
    page = desktop_page("xiling-chem.admin@demo.example.cn")
    url = f"/assessments/{demo_world['xiling-chem']}/events"
    page.goto(f"{live_server}/lang/{lang}?next={url}")
    date = page.locator("td.date").first
    assert date.evaluate("c => getComputedStyle(c).whiteSpace") == "nowrap"
    assert _lines(date) == 1
    # the short name, not the decree's full title (English words take up to two lines)
    assert _lines(page.locator("td.type").first) <= (1 if lang == "zh_CN" else 2)
    # English headings wrap, so a draft's actions column stays in view at 1,280 px
    # (other browser tests may have submitted the demo's drafts: checked by style).
    heading = page.locator("table.events thead th.num").first
    wrap = heading.evaluate("c => getComputedStyle(c).whiteSpace")
    assert wrap == ("nowrap" if lang == "zh_CN" else "normal")
    register = page.locator(".table-scroll:has(table.events)")
    assert register.evaluate("b => b.scrollWidth <= b.clientWidth + 1")

    page = desktop_page("ludong-fert.admin@demo.example.cn")
    url = f"/assessments/{demo_world['ludong-fert']}/events"
    page.goto(f"{live_server}/lang/{lang}?next={url}")
    form = page.locator("section.event-form")
    assert form.evaluate("e => parseFloat(getComputedStyle(e).marginTop)") >= 16
