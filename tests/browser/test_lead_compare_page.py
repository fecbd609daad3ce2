"""The lead's comparison page with its percentile columns and filter, and her home panel's
line on her own company's review, in Chinese and English on a laptop and a phone.

Screenshots go to RCAPP_SHOTS (if set) to be looked at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import PAGE_WIDTH, PHONE, OpenPage

LEAD = "pp.lead@demo.example.cn"  # 吴海燕, whose 江北新材料 the deputy 郑凯 reviews


def _shot(page: object, name: str) -> None:
    folder = os.environ.get("RCAPP_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_comparison_page_on_a_laptop_and_a_phone(
    live_server: str,
    demo_world: dict[str, int],
    desktop_page: OpenPage,
    phone_page: OpenPage,
    lang: str,
) -> None:
    page = desktop_page(LEAD)
    page.goto(f"{live_server}/lang/{lang}?next=/")
    _shot(page, f"home-{lang}-1280")
    # from her home page: the group's page, then its 成员对比
    group_page = "工作组页面" if lang == "zh_CN" else "Working-group page"
    page.get_by_role("link", name=group_page, exact=True).first.click()
    link = page.locator('main a[href*="/benchmarks/groups/"]').first
    url = link.get_attribute("href")
    assert url is not None
    page.goto(f"{live_server}{url}")
    assert page.locator("table.compare th.rank").count() >= 2  # the score's and a KPI's
    _shot(page, f"compare-{lang}-1280")
    page.select_option("#stars", "none")
    page.locator('form[role="search"] button[type="submit"]').click()
    assert "stars=none" in page.url
    _shot(page, f"compare-filtered-{lang}-1280")
    page.goto(f"{live_server}{url}?stars=5&review=final")
    assert page.locator("#no-match").is_visible()

    phone = phone_page(LEAD)
    phone.goto(f"{live_server}/lang/{lang}?next={url}")
    width = phone.evaluate(PAGE_WIDTH)
    assert width <= PHONE["width"], f"{url} is {width}px wide on a 390px phone"
    _shot(phone, f"compare-{lang}-390")
    phone.goto(f"{live_server}/")
    _shot(phone, f"home-{lang}-390")
