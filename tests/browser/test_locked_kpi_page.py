"""qa14 D5 in the browser: the page's script blanked every computed KPI of a submitted
assessment to "—" (it recomputed them from input boxes a read-only page has none of)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import OpenPage

HEADING = {
    "zh_CN": "计算所得指标（按报送数据计算）",
    "en": "Computed KPIs (from the figures reported)",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_submitted_assessment_shows_its_computed_kpis(
    desktop_page: OpenPage, live_server: str, demo_world: dict[str, int], lang: str
) -> None:
    page = desktop_page("donghai-fine.admin@demo.example.cn")
    url = f"/assessments/{demo_world['donghai-fine']}/kpis"
    page.goto(f"{live_server}/lang/{lang}?next={url}")
    page.wait_for_load_state("load")
    table = page.locator("table.kpi-rates").first
    assert table.locator("caption").inner_text() == HEADING[lang]
    cells = table.locator("tbody tr td.num").all_inner_texts()
    # last year, this year, change per row: this year's figures are there
    this_year = cells[1::3]
    assert this_year, cells
    assert any(text not in ("—", "") for text in this_year), cells
    assert page.locator("output[data-formula]").count() == 0
