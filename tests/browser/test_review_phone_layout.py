"""A working-group lead's review pages fit a 390-pixel phone (tables scroll in a region).

The planning page's seven-column table squeezed each company name into a column one
character wide and widened the page to 577 pixels; the discrepancy map, final result,
calibration and comparison tables did the same.
"""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.conftest import PAGE_WIDTH, PHONE, PhonePage

REGION = """tables => tables.map(t => {
    const box = t.closest('.table-scroll');
    return !!box && box.tabIndex === 0 && box.getAttribute('role') === 'group'
        && !!(box.getAttribute('aria-label') || box.getAttribute('aria-labelledby'));
})"""


def _fits(page: Page, what: str) -> None:
    page.wait_for_load_state("load")  # the stylesheet and fonts in, as a reader sees it
    width = page.evaluate(PAGE_WIDTH)
    assert width <= PHONE["width"], f"{what} is {width}px wide on a 390px phone"
    # The chart's own data table (charts/_radar.html, in a <details>) is left as it is.
    regions = page.eval_on_selector_all("main table:not(details table)", REGION)
    assert regions, f"{what} has no table"
    assert all(regions), (what, regions)


def test_the_leads_review_pages_fit_a_phone(
    live_server: str,
    demo_world: dict[str, int],
    phone_page: PhonePage,
) -> None:
    page = phone_page("pp.lead@demo.example.cn")
    for lang in ("zh_CN", "en"):
        page.goto(f"{live_server}/lang/{lang}?next=/reviews/")
        index = page.url
        page.locator("a[href^='/reviews/groups/']").first.click()
        _fits(page, f"review planning ({lang})")
        page.locator("a[href$='/consolidate']").first.click()
        _fits(page, f"discrepancy map ({lang})")
        page.go_back()
        page.locator("a[href$='/final']").first.click()
        _fits(page, f"final result ({lang})")
        page.goto(index)
        page.locator("a[href$='/calibration']").first.click()
        _fits(page, f"calibration ({lang})")
        page.goto(index)
        page.locator("a[href^='/benchmarks/groups/']").first.click()
        _fits(page, f"members side by side ({lang})")


def test_the_planning_pages_reviewers_read_on_a_phone(
    live_server: str,
    demo_world: dict[str, int],
    phone_page: PhonePage,
) -> None:
    # The reviewers' column (names, and a conflict of interest's reason when there is one)
    # was squeezed to a few characters a line: "韩冬（已 / 提交）、于 / 涛（已 / 提交）".
    page = phone_page("pp.lead@demo.example.cn")
    page.goto(f"{live_server}/reviews/")
    page.locator("a[href^='/reviews/groups/']").first.click()
    page.wait_for_load_state("load")
    lines = page.eval_on_selector_all(
        "main table tbody tr td:nth-child(5)",
        """cells => cells.map(c => {
            const range = document.createRange();
            range.selectNodeContents(c);
            return range.getBoundingClientRect().height
                / parseFloat(getComputedStyle(c).lineHeight);
        })""",
    )
    assert lines
    assert all(n < 2.5 for n in lines), lines
