"""The N/A reason box (qa9 S6): shown once N/A is ticked; a reason left beside a level stays
in sight and is refused on saving beside its field, never stored unseen."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

EDITOR = "weibei-petro.admin@demo.example.cn"  # 潍北石化: 2025 returned, so editable
ITEM = "C6.E3.3"  # N/A allowed


def test_the_reason_box_goes_with_na_and_a_stray_reason_is_refused(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: Callable[[Page, str], None]
) -> None:
    log_in(page, EDITOR)
    page.goto(f"{live_server}/assessments/{demo_world['weibei-petro']}/sections/C6")
    na = page.locator(f'[name="{ITEM}__na"]')
    reason = page.locator(f'[name="{ITEM}__na_reason"]')
    level = page.locator(f'input[type=radio][name="{ITEM}__level"][value="2"]')

    na.check()
    expect(reason).to_be_visible()
    reason.fill("")
    level.check()
    expect(na).not_to_be_checked()
    expect(reason).to_be_hidden()  # the first box of the item is no longer the N/A reason

    na.check()
    reason.fill("产品仅在国内销售，无出口。")
    level.check()
    expect(reason).to_be_visible()  # a reason typed stays in sight
    page.get_by_role("button", name="保存本页").first.click()

    expect(page.locator(".flash-error").first).to_contain_text("需要修改后再保存")
    expect(reason).to_have_value("产品仅在国内销售，无出口。")
    error = page.locator(f"#item-{ITEM.replace('.', chr(92) + '.')} .has-error")
    expect(error).to_contain_text("未勾选“不适用”，不适用理由不会保存")
    expect(level).to_be_checked()
