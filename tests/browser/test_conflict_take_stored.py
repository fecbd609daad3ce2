"""The conflict note's "采用现存内容，放弃我的输入" in Chromium: zh and en, laptop and phone.

孙志强's save of an item 王磊 saved meanwhile is refused; the note offers the stored content
in one step. Following it opens the page with what is stored, and no draft of the refused
input is offered again: the note says the input is lost, as it is.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LAPTOP, PHONE, OpenPage, open_fold, own_demo

USER = "linhai-chlor.admin@demo.example.cn"  # 孙志强, the draft's admin
COLLEAGUE = "linhai-chlor.hse@demo.example.cn"  # 王磊, same organisation
ITEM = "C1.E1.1"
TAKE = {"zh_CN": "采用现存内容，放弃我的输入", "en": "Use the saved version, discard my input"}

# A demo of its own: in the shared one, earlier tests leave 临海氯碱's item otherwise.
live_app, live_server, demo_world = own_demo("conflict-take")


def _save(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).first.click()
    page.wait_for_load_state("load")


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1280", "390"])
def test_the_stored_content_is_taken_in_one_step(
    desktop_page: OpenPage,
    live_server: str,
    demo_world: dict[str, int],
    lang: str,
    viewport: dict[str, int],
    shots: Path,
) -> None:
    url = f"{live_server}/assessments/{demo_world['linhai-chlor']}/sections/C1"
    theirs, mine = desktop_page(COLLEAGUE), desktop_page(USER, viewport=viewport)
    mine.goto(f"{live_server}/lang/{lang}?next=/")
    mine.goto(url)
    theirs.goto(url)
    stored = theirs.locator(f'[name="{ITEM}__level"]:checked').get_attribute("value")
    their_level = "3" if stored != "3" else "2"
    theirs.check(f'[name="{ITEM}__level"][value="{their_level}"]')
    _save(theirs, "保存本页")

    open_fold(mine, ITEM)  # answered: folded to a line at 390 px
    mine.check(f'[name="{ITEM}__level"][value="1"]')
    mine.fill(f'[name="{ITEM}__evidence_note"]', "我的证据说明：第二版演练记录")
    _save(mine, "保存本页" if lang == "zh_CN" else "Save this page")
    take = mine.locator(".take-stored a")
    expect(take).to_have_count(1)
    expect(take).to_contain_text(TAKE[lang])
    item = mine.locator(f'[id="item-{ITEM}"]')
    item.scroll_into_view_if_needed()
    shots.mkdir(parents=True, exist_ok=True)
    name = f"conflict-take-{lang}-{viewport['width']}"
    item.screenshot(path=str(shots / f"{name}.png"))
    assert mine.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    with mine.expect_navigation():
        take.click()
    mine.wait_for_load_state("load")
    expect(mine.locator(f'[name="{ITEM}__level"][value="{their_level}"]')).to_be_checked()
    expect(mine.locator(f'[name="{ITEM}__evidence_note"]')).not_to_have_value(
        "我的证据说明：第二版演练记录"
    )
    expect(mine.locator(".take-stored")).to_have_count(0)
    expect(mine.locator("[data-draft-restore]")).to_be_hidden()  # lost, as the note says
    mine.locator(f'[id="item-{ITEM}"]').screenshot(path=str(shots / f"{name}-taken.png"))
