"""The draft KPI page writes what it computes as the server does: 1,234,567 (rcapp.figures).

The page being filled in showed its live changes without separators ("+880000") beside
last year's grouped figure; the boxes keep the plain number typed.
"""

from __future__ import annotations

from decimal import Decimal

from playwright.sync_api import Page, expect

from rcapp.figures import figure_text
from rcapp.scoring.rounding import kpi_figure
from tests.browser.test_forms_keep_input import EDITOR, LogIn


def test_live_changes_are_grouped_and_the_box_keeps_what_was_typed(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: LogIn
) -> None:
    log_in(page, EDITOR)
    page.goto(f"{live_server}/assessments/{demo_world['weibei-petro']}/kpis")
    hours = page.locator('[name="hours_employees__value"]')
    last = Decimal(hours.get_attribute("data-last") or "0")
    assert last >= 10_000  # the demo's hours: a figure with separators
    typed = last + 1_234_567
    hours.fill(f"{typed:f}")
    # the percentage as every row and the KPI ladder write it: a KPI figure
    percent = figure_text(kpi_figure(Decimal(1_234_567) / last * 100))
    expect(page.locator('[data-change-for="hours_employees"]')).to_have_text(
        f"+1,234,567 (+{percent} %)"
    )
    expect(hours).to_have_value(f"{typed:f}")  # as typed, no separators put in
    row = page.locator("#kpi-hours_employees td.num").first
    expect(row).to_contain_text(f"{last:,f}")  # last year, as the server writes it
