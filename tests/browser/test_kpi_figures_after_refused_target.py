"""A target refused on the KPI page keeps the figures typed above it (qa91).

The refusal answers at /targets; the figures' draft was kept under the page's address
(/kpis), so the refused page showed the figures empty and offered nothing until the KPI
page opened again. Drafts are kept by the address a form saves to now.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

EDITOR = "weibei-petro.admin@demo.example.cn"  # 潍北石化: 2025 returned, so editable


def test_figures_typed_before_a_refused_target_are_offered_and_save(
    page: Page,
    live_server: str,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
) -> None:
    log_in(page, EDITOR)
    assessment = demo_world["weibei-petro"]
    page.goto(f"{live_server}/assessments/{assessment}/kpis")
    field = page.locator("#kpi-form input[name$='__note']:visible").first
    name = field.get_attribute("name")
    field.fill("qa91 园区会前核对")
    page.locator("#target-form button[type=submit]").click()  # empty: refused
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/assessments/{assessment}/targets")

    banner = page.locator("#draft-banner")
    expect(banner).to_be_visible()
    cause = banner.locator("[data-draft-cause]:visible")
    expect(cause).to_have_count(1)
    expect(cause).to_contain_text("刚才提交的本页另一部分未能保存")
    banner.locator("[data-draft-restore]").click()
    expect(page.locator(f"#kpi-form [name='{name}']")).to_have_value("qa91 园区会前核对")

    page.locator("#kpi-end button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.url.split("#")[0].endswith(f"/assessments/{assessment}/kpis")
    expect(page.locator(".flash-success").first).to_be_visible()
    expect(page.locator(f"#kpi-form [name='{name}']")).to_have_value("qa91 园区会前核对")
