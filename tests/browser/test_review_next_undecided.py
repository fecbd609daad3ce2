"""The review bar's "next undecided sampled item" is the next one below the reader (qa70 last stop).

It led to the first undecided item of the section wherever she had scrolled to, so she had
to scroll back up. Now it follows her place as she scrolls, wraps around to the first when
none is left below, and after a save (the page comes back at the decided item) leads on.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage

REVIEWER = "reviewer.xing@demo.example.cn"  # the demo's one open review


def _open_sampled(page: Page) -> list[str]:
    """The ids of the undecided sampled items, in page order."""
    found: list[str] = page.eval_on_selector_all(
        ".review-item",
        """items => items.filter(i => i.querySelector('.badge-returned')
              && !i.querySelector('.badge-submitted')).map(i => i.id)""",
    )
    return found


def _scroll_to_top_of(page: Page, item_id: str) -> None:
    page.locator(f"[id='{item_id}']").evaluate("el => el.scrollIntoView({block: 'start'})")


def test_next_undecided_follows_the_scroll_wraps_and_leads_on_after_a_save(
    desktop_page: OpenPage, live_server: str, demo_world: dict[str, int]
) -> None:
    page = desktop_page(REVIEWER, viewport={"width": 1024, "height": 768})
    page.goto(f"{live_server}/reviews/")
    page.locator("main a[href^='/reviews/assignments/']").first.click()
    items = _open_sampled(page)
    assert len(items) >= 3, items
    link = page.locator("#review-bar").get_by_role("link", name="下一个未给出结论的抽查项")

    # At the page's top: the first one, as without the script.
    expect(link).to_have_attribute("href", f"#{items[0]}")

    # Scrolled to the second: the link leads below it, to the third, and there.
    _scroll_to_top_of(page, items[1])
    expect(link).to_have_attribute("href", f"#{items[2]}")
    expect(link).to_have_accessible_name(f"下一个未给出结论的抽查项 {items[2][5:]}")
    link.click()
    expect(page.locator(f"[id='{items[2]}']")).to_be_in_viewport()
    expect(link).not_to_have_attribute("href", f"#{items[2]}")

    # Past the last undecided one: back to the first.
    _scroll_to_top_of(page, items[-1])
    expect(link).to_have_attribute("href", f"#{items[0]}")

    # Deciding the second (in place, save-in-place.js): the link leads on to the third.
    second = page.locator(f"[id='{items[1]}']")
    second.locator("input[value=accept], input[value=na_accept]").first.check()
    _scroll_to_top_of(page, items[1])
    second.locator("button[type=submit]").click()
    expect(second.locator(".badge-submitted")).to_be_visible()
    expect(link).to_have_attribute("href", f"#{items[2]}")
