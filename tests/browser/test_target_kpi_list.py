"""The KPI page's target form lists KPIs by code, core ones first under a heading (qa71 m9)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import OpenPage

EDITOR = "weibei-petro.admin@demo.example.cn"  # 潍北石化: 2025 returned, so editable
GROUPS = {"zh_CN": ["核心指标", "其他指标"], "en": ["Core KPI", "Other KPIs"]}
CORE = {"zh_CN": "（核心）", "en": " (core)"}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_target_kpi_list_puts_core_kpis_first(
    desktop_page: OpenPage, live_server: str, demo_world: dict[str, int], lang: str
) -> None:
    page = desktop_page(EDITOR)
    path = f"/assessments/{demo_world['weibei-petro']}/kpis"
    page.goto(f"{live_server}/lang/{lang}?next={path}")
    select = page.locator("#target-form select[name=kpi_id]")
    groups = select.locator("optgroup")
    expect(groups).to_have_count(2)
    assert [groups.nth(i).get_attribute("label") for i in range(2)] == GROUPS[lang]
    core = groups.nth(0).locator("option")
    first = core.first.inner_text()
    assert first.startswith(f"{core.first.get_attribute('value')} ")
    assert first.endswith(CORE[lang])
    assert not any(CORE[lang] in text for text in groups.nth(1).locator("option").all_inner_texts())
    page.locator("#targets").screenshot(path=f"/tmp/boardleft/targets-{lang}.png")  # noqa: S108
