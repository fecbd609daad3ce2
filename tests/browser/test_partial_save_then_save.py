"""A section page saved in part, corrected and saved again, saves: no false conflict (qa38 D2).

The page shown after "其余内容已保存；标出的 1 处需要修改后再保存" carried the versions the
page was opened with, so the next save from it said "有 1 项在您打开本页后已在另一窗口或
标签页中修改" and dropped the user's new note.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage

EDITOR = "weibei-petro.admin@demo.example.cn"  # 潍北石化: 2025 returned, so editable
NUMBER, NOTED = "C2.E6.3", "C2.E6.2"  # a share (%) and an item beside it
SAVE = "保存本页"


def _save(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=SAVE, exact=True).first.click()
    page.wait_for_load_state("load")


def test_a_corrected_section_page_saves_after_a_partial_save(
    desktop_page: OpenPage, live_server: str, demo_world: dict[str, int]
) -> None:
    page = desktop_page(EDITOR)
    url = f"{live_server}/assessments/{demo_world['weibei-petro']}/sections/C2"
    page.goto(url)
    number, note = (
        page.locator(f'[name="{NUMBER}__value"]'),
        page.locator(f'[name="{NOTED}__comment"]'),
    )
    number.fill("abc")
    note.fill("第一次备注：储运培训台账")
    _save(page)
    flashes = page.locator(".flashes")
    expect(flashes).to_contain_text("其余内容已保存；标出的 1 处需要修改后再保存")
    expect(page.locator(f'[id="{NUMBER}__value-error"]')).to_contain_text("abc")
    expect(number).to_have_value("abc")  # what was typed stays

    number.fill("96")
    note.fill("第二次备注：含承包商装卸人员")
    _save(page)

    expect(flashes).not_to_contain_text("另一窗口")
    expect(flashes).not_to_contain_text("他人")
    expect(page.locator(".has-error")).to_have_count(0)
    page.goto(url)
    expect(page.locator(f'[name="{NOTED}__comment"]')).to_have_value("第二次备注：含承包商装卸人员")
    expect(page.locator(f'[name="{NUMBER}__value"]')).to_have_value(re.compile(r"^96(\.0+)?$"))
