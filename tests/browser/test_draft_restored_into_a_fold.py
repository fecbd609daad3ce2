"""Unsaved input restored into a folded item opens its fold (a phone's long section).

On a phone a section's answered items fold to one line (phone-folds.js); drafts.js restores
unsaved input after a reload. Restored into a closed fold, the input was out of sight and
the focus, meant for the first restored field, fell to the banner's message: the user saw
nothing restored. The fold around a restored field now opens, and stays open.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import OpenPage, open_fold

EDITOR = "weibei-petro.admin@demo.example.cn"  # 潍北石化: 2025 returned, every MS item answered
ITEM = "MS.G3.1"
TYPED = {"zh_CN": "管理评审记录见安委会纪要（未保存）", "en": "See the minutes (unsaved)"}
RESTORE = {"zh_CN": "恢复未保存的输入", "en": "Restore the unsaved input"}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_input_restored_into_a_folded_item_opens_its_fold(
    phone_page: OpenPage, live_server: str, demo_world: dict[str, int], lang: str
) -> None:
    page = phone_page(EDITOR)
    path = f"/assessments/{demo_world['weibei-petro']}/sections/MS"
    page.goto(f"{live_server}/lang/{lang}?next={path}")
    page.wait_for_load_state("load")
    fold = page.locator(f"details.item-fold:has([id='item-{ITEM}'])")
    comment = page.locator(f'[name="{ITEM}__comment"]')
    expect(fold).not_to_have_attribute("open", "")
    open_fold(page, ITEM)
    shown = comment.input_value()
    comment.fill(TYPED[lang])

    # Opened again without saving (a reload, the login ended, …): the item is folded again.
    page.on("dialog", lambda dialog: dialog.accept())
    page.reload()
    page.wait_for_load_state("load")
    expect(fold).not_to_have_attribute("open", "")
    expect(comment).to_have_value(shown)
    banner = page.locator("#draft-banner")
    expect(banner).to_be_visible()
    banner.get_by_role("button", name=RESTORE[lang], exact=True).click()

    expect(comment).to_have_value(TYPED[lang])
    expect(fold).to_have_attribute("open", "")
    expect(comment).to_be_visible()
    expect(comment).to_be_in_viewport()
    expect(comment).to_be_focused()  # the first restored field, not the banner's message
    # only the fold with restored input opens: the others stay folded
    opened = page.locator("details.item-fold[open]")
    expect(opened).to_have_count(1)
