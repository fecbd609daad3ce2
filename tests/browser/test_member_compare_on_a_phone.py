"""The members side by side (about 2,200 px wide) reads on a 375-pixel phone: a card a member.

It only scrolled sideways on a phone, a column or two at a time under a hint; now each member
is a card whose figures name their columns (data-label), as the targets table does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import ViewportSize

from tests.browser.conftest import PAGE_WIDTH, PhonePage

PHONE: ViewportSize = {"width": 375, "height": 812}
SHOTS = Path("/tmp/jobs4")  # noqa: S108 - screenshots for the reviewer, outside the repository

CELLS = """cells => cells.map(c => {
    const box = c.getBoundingClientRect();
    const shown = getComputedStyle(c).display !== 'none';
    return {text: c.innerText.trim(), label: c.dataset.label || '', shown,
            left: box.left, right: box.right, width: box.width};
})"""


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_members_side_by_side_are_cards_on_a_phone(
    live_server: str, demo_world: dict[str, int], phone_page: PhonePage, lang: str
) -> None:
    page = phone_page("pp.lead@demo.example.cn", viewport=PHONE)
    page.goto(f"{live_server}/lang/{lang}?next=/reviews/")
    page.locator("a[href^='/benchmarks/groups/']").first.click()
    page.wait_for_load_state("load")
    width = page.evaluate(PAGE_WIDTH)
    assert width <= PHONE["width"], f"the page is {width}px wide on a 375px phone"
    table = page.locator("table.compare")
    assert table.evaluate("t => t.scrollWidth <= t.closest('.table-scroll').clientWidth")
    cells = table.locator("tbody td").evaluate_all(CELLS)
    with_text = [c for c in cells if c["text"]]
    assert len(with_text) > 20
    for cell in with_text:  # every value in sight, named by its column
        assert cell["shown"], cell
        assert cell["width"] > 0, cell
        assert cell["left"] >= 0, cell
        assert cell["right"] <= PHONE["width"], cell
        assert cell["label"], cell
    names = table.locator("tbody th[scope=row]").evaluate_all(
        "rows => rows.map(r => r.getBoundingClientRect().right)"
    )
    assert names
    assert max(names) <= PHONE["width"]
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"member-compare-{lang}.png"), full_page=True)


def test_the_members_side_by_side_stay_a_table_on_a_laptop(
    live_server: str, demo_world: dict[str, int], phone_page: PhonePage
) -> None:
    page = phone_page(
        "pp.lead@demo.example.cn",
        viewport={"width": 1280, "height": 900},
        is_mobile=False,
        has_touch=False,
    )
    page.goto(f"{live_server}/reviews/")
    page.locator("a[href^='/benchmarks/groups/']").first.click()
    page.wait_for_load_state("load")
    table = page.locator("table.compare")
    assert table.evaluate("t => getComputedStyle(t).display") == "table"
    assert not page.locator("#phone-sort").is_visible()  # the headers sort on a laptop
    assert page.locator("table.compare thead").evaluate("h => h.getBoundingClientRect().height") > 0


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_members_are_sorted_on_a_phone_with_the_sort_form(
    live_server: str, demo_world: dict[str, int], phone_page: PhonePage, lang: str
) -> None:
    """The cards hide the sort headers: a form sorts by the same keys, without JavaScript."""
    page = phone_page("pp.lead@demo.example.cn", viewport={"width": 390, "height": 844})
    page.goto(f"{live_server}/lang/{lang}?next=/reviews/")
    page.locator("a[href^='/benchmarks/groups/']").first.click()
    page.wait_for_load_state("load")
    form = page.locator("#phone-sort")
    assert form.is_visible()
    assert form.evaluate("f => f.getBoundingClientRect().right") <= 390
    names = page.locator("table.compare tbody th[scope=row] a")
    before = names.all_inner_texts()
    assert len(before) > 1
    page.select_option("#phone-sort-key", "name")
    page.select_option("#phone-sort-dir", "desc")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "sort=name" in page.url
    assert "dir=desc" in page.url
    assert names.all_inner_texts() == before[::-1]  # it opened sorted by name, ascending
    assert page.locator("#phone-sort-dir").input_value() == "desc"
    SHOTS.mkdir(exist_ok=True)
    form.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"member-sort-phone-{lang}.png"))
