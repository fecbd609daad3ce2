"""Saving one review item keeps another item's unsaved input in place (qa70 M2, m4).

On a tablet the reviewer chose a level and typed a reason on one item, then saved another:
the page reloaded at the saved item, the first item's fields were empty, and the only
notice sat at the top of a 25,000-pixel page. The input now comes back in place, marked
未保存 / Not saved beside the item and in the bar kept at the screen's foot, whose link
leads to it; its own save button stores it.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage

REVIEWER = "reviewer.xing@demo.example.cn"
TYPED = "Only the 2024 drill record was shown on site"
TABLET = {"width": 1024, "height": 768}


def _open_items(page: Page, live_server: str) -> tuple[str, str]:
    """Open the reviewer's assignment; return two undecided sampled items that take a level."""
    page.goto(f"{live_server}/lang/en?next=/reviews/")
    page.locator("main a[href^='/reviews/assignments/']").first.click()
    ids = page.eval_on_selector_all(
        ".review-item",
        """items => items.filter(i => i.querySelector('.badge-returned')
              && !i.querySelector('.badge-submitted')
              && i.querySelector('select') && i.querySelector('input[value=adjust]')
              && /High self-assessed level/.test(i.querySelector('h3').textContent))
            .map(i => i.id)""",
    )
    assert len(ids) >= 2, ids
    return ids[0], ids[1]


def test_another_items_unsaved_input_stays_in_place_after_a_save(
    desktop_page: OpenPage, live_server: str, demo_world: dict[str, int]
) -> None:
    page = desktop_page(REVIEWER, viewport=TABLET, has_touch=True, locale="en-GB")
    first, second = _open_items(page, live_server)
    a, b = page.locator(f"[id='{first}']"), page.locator(f"[id='{second}']")
    bar = page.locator("#review-bar")
    expect(bar).to_contain_text("sampled items decided")
    a.locator("input[value=adjust]").check()
    a.locator("select").select_option("1")
    a.locator("textarea").fill(TYPED)
    expect(a.locator(".badge-unsaved")).to_be_visible()  # marked as soon as typed

    b.locator("input[value=accept]").check()
    b.locator("button[type=submit]").click()  # saved in place (save-in-place.js)
    expect(b.locator(".badge-submitted")).to_be_visible()
    # A's input is back where it was, marked, with its own save button; no question asked.
    expect(a.locator("textarea")).to_have_value(TYPED)
    expect(a.locator("input[value=adjust]")).to_be_checked()
    expect(a.locator("select")).to_have_value("1")
    expect(a.locator(".badge-unsaved")).to_have_text("Not saved")
    expect(page.locator("#draft-banner")).to_be_hidden()
    # The bar at the screen's foot, in sight at B, links to A.
    expect(bar).to_be_in_viewport()
    link = bar.locator("[data-draft-unsaved-links] a")
    expect(link).to_have_text(first.removeprefix("item-"))
    link.click()
    expect(a.locator("textarea")).to_be_in_viewport()

    a.locator("button[type=submit]").click()
    expect(a.locator(".badge-submitted")).to_be_visible()
    expect(a.locator(".badge-unsaved")).to_be_hidden()
    expect(bar.locator("[data-draft-unsaved-list]")).to_be_hidden()

    # Both stored: a fresh tab (no drafts) shows both decisions.
    fresh = page.context.new_page()
    fresh.goto(page.url.split("#")[0])
    expect(fresh.locator(f"[id='{first}'] textarea")).to_have_value(TYPED)
    expect(fresh.locator(f"[id='{first}'] .badge-submitted")).to_be_visible()
    expect(fresh.locator(f"[id='{second}'] .badge-submitted")).to_be_visible()
    expect(fresh.locator(f"[id='{second}'] input[value=accept]")).to_be_checked()


def test_the_progress_bar_stays_in_sight_and_leads_to_the_next_undecided_item(
    desktop_page: OpenPage, live_server: str, demo_world: dict[str, int]
) -> None:
    page = desktop_page(REVIEWER, viewport={"width": 768, "height": 1024}, has_touch=True)
    page.goto(f"{live_server}/reviews/")
    page.locator("main a[href^='/reviews/assignments/']").first.click()
    bar = page.locator("#review-bar")
    expect(bar).to_contain_text("抽查项已给出结论：")
    page.mouse.wheel(0, 6000)
    expect(bar).to_be_in_viewport()
    bar.get_by_role("link", name="下一个未给出结论的抽查项").click()
    target = page.evaluate("location.hash")
    item = page.locator(f"[id='{target[1:]}']")
    expect(item).to_be_in_viewport()
    expect(item.locator(".badge-submitted")).to_have_count(0)
    # every link of the bar is a 44-pixel touch target
    for box in [link.bounding_box() for link in bar.locator("a").all()]:
        assert box is not None
        assert box["height"] >= 44
