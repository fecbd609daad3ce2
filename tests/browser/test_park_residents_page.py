"""The park office's journey to its resident companies as a group, in a real browser:
from the home page's park panel to the residents page, in both languages, passing axe."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

PARK_OFFICE = "linhai-park.admin@demo.example.cn"  # 江苏临海化工园区: three resident companies
LogIn = Callable[[Page, str], None]


def test_park_office_opens_its_residents_from_home(
    page: Page,
    live_server: str,
    demo_world: dict[str, int],
    log_in: LogIn,
    axe_violations: Callable[[Page], list[dict[str, Any]]],
) -> None:
    log_in(page, PARK_OFFICE)
    page.goto(f"{live_server}/")
    page.get_by_role("link", name="区内企业对标").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("区内企业对标 · 江苏临海化工园区")
    residents = page.locator("#park-residents tbody tr")
    expect(residents).to_have_count(3)
    expect(page.get_by_role("heading", name="园区企业组统计")).to_be_visible()
    expect(page.locator("body")).to_contain_text("不显示组统计")  # three residents: below five
    assert axe_violations(page) == []
    residents_url = page.url
    page.goto(f"{live_server}/lang/en")
    page.goto(residents_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Resident companies compared · Jiangsu Linhai Chemical Park"
    )
    expect(page.get_by_role("heading", name="Resident companies", exact=True)).to_be_visible()
    page.goto(f"{live_server}/lang/zh")


def test_on_a_phone_the_residents_names_are_not_cut_into_four_character_lines(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: LogIn
) -> None:
    """qa91: 东海精细化工股份有限公司 took five lines beside the star glyphs at 390 px."""
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, PARK_OFFICE)
    page.goto(f"{live_server}/")
    table = page.locator("table.park-resident-progress")
    expect(table.locator("tbody tr")).to_have_count(3)
    name = table.locator("tbody tr td").first
    line = float(name.evaluate("cell => parseFloat(getComputedStyle(cell).lineHeight)"))
    assert name.bounding_box()["height"] <= 3 * line  # type: ignore[index]
    for glyphs in table.locator(".stars").all():  # "3 星" beside them says the same
        expect(glyphs).to_be_hidden()
