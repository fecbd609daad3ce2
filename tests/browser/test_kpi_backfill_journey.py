"""A company without earlier assessments adds an earlier year's core KPI figure (qa63).

鲁东化肥 has only a 2025 draft: the KPI page offers 2023 and 2024 under 往年数据（补录）; a
figure typed as Chinese Excel users type it ("1，610，000") is saved, and cleared again so
the shared demo world is left as it was.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.test_forms_keep_input import LogIn

EDITOR = "ludong-fert.admin@demo.example.cn"  # 鲁东化肥: a 2025 draft, nothing before


def test_a_newcomer_backfills_an_earlier_year_from_the_kpi_page(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: LogIn
) -> None:
    log_in(page, EDITOR)
    assessment_id = demo_world["ludong-fert"]
    page.goto(f"{live_server}/assessments/{assessment_id}/kpis")
    section = page.locator("#kpi-backfill")
    expect(section.get_by_role("heading")).to_have_text("往年数据（补录）")
    section.get_by_role("link", name="2023 年度").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("往年数据（补录）：2023 年度")
    hours = page.locator('[name="hours_employees__value"]')
    hours.fill("1，610，000")
    page.locator("#backfill-end button[type=submit]").click()
    expect(page.locator("#backfill-end")).to_contain_text("已保存")
    expect(hours).to_have_value("1610000")
    page.goto(f"{live_server}/assessments/{assessment_id}/kpis")
    expect(page.locator("#kpi-backfill li").first).to_have_text(
        "2023 年度：已填 1 / 19 项，未填全的年度不计入连续报送"
    )
    page.goto(f"{live_server}/assessments/{assessment_id}/kpis/earlier/2023")
    hours.fill("")
    page.locator("#backfill-end button[type=submit]").click()
    expect(hours).to_have_value("")
