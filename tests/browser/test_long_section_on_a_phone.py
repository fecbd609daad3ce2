"""The management-system section on a phone (phonefix 3): 40 items, some 70,000 px tall.

On a phone each answered item folds to one line (its id, prompt and 已作答), the section
opens with how many items are answered and a link to the next one unanswered, and an index
of every item with its state. Folded items stay in the form: a save sends them as shown,
so nothing folded is cleared; a link to an item (#item-…) opens its fold.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage

EDITOR = "weibei-petro.admin@demo.example.cn"  # 潍北石化: 2025 returned, every MS item answered
HEIGHT = "document.documentElement.scrollHeight"
CHECKED = """() => [...document.querySelectorAll('#section-form input[type=radio]:checked')]
    .map(e => e.name + '=' + e.value).sort()"""


def _open(page: Page, base: str, path: str, lang: str) -> None:
    page.goto(f"{base}/lang/{lang}?next={path}")
    page.wait_for_load_state("load")


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_answered_items_fold_to_a_line_on_a_phone_and_save_as_shown(
    phone_page: OpenPage, live_server: str, demo_world: dict[str, int], lang: str
) -> None:
    page = phone_page(EDITOR)
    path = f"/assessments/{demo_world['weibei-petro']}/sections/MS"
    _open(page, live_server, path, lang)
    folds = page.locator("details.item-fold")
    assert folds.count() >= 20
    assert folds.evaluate_all("fs => fs.every(f => !f.open)")
    assert page.evaluate(HEIGHT) < 30000  # some 70,000 px with every item open
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    summary = folds.first.locator("summary")
    box = summary.bounding_box()
    assert box is not None
    assert box["height"] >= 44
    stored = page.evaluate(CHECKED)
    assert len(stored) >= 20

    # The element's save sends the folded items too: their answers are kept, not cleared.
    button = page.locator("button[name=anchor][value='element-MS.G1']")
    button.scroll_into_view_if_needed()
    folded = folds.first.locator("input[type=radio]:checked").get_attribute("name")
    with page.expect_request(lambda r: r.method == "POST") as sent:
        button.click()
    assert f'name="{folded}"' in (sent.value.post_data or "")  # a folded item is sent
    page.wait_for_url(f"**{path}#element-MS.G1")
    page.wait_for_load_state("load")
    assert page.evaluate(CHECKED) == stored
    expect(page.locator(".flashes .flash-success")).to_have_count(1)

    # A tap opens an item; a link to an item opens its fold.
    first = folds.first
    first.locator("summary").tap()
    expect(first.locator(".item")).to_be_visible()
    item_id = folds.nth(3).locator(".item").get_attribute("id")
    _open(page, live_server, f"{path}#{item_id}", lang)
    expect(page.locator(f"[id='{item_id}']")).to_be_in_viewport()


def test_answered_items_stay_open_on_a_desktop(
    desktop_page: OpenPage, live_server: str, demo_world: dict[str, int]
) -> None:
    page = desktop_page(EDITOR)
    _open(page, live_server, f"/assessments/{demo_world['weibei-petro']}/sections/MS", "zh_CN")
    folds = page.locator("details.item-fold")
    assert folds.count() >= 20
    assert folds.evaluate_all("fs => fs.every(f => f.open)")
    expect(folds.first.locator("summary")).to_be_hidden()
