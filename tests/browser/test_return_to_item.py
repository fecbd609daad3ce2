"""A keyboard user who saves mid-page comes back at the item saved (QA11 S9, S13).

Enter or the bottom "save this page" button returns to the item last changed, focused; a
refused file is shown beside its item, which takes the focus; upload buttons name their item.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

EDITOR = "weibei-petro.admin@demo.example.cn"  # 潍北石化: 2025 returned, so editable
LogIn = Callable[[Page, str], None]


def _focused_item(page: Page, item_id: str) -> None:
    """Wait until the focus is within `item_id` (the page's script moves it there on load)."""
    page.wait_for_function(
        "id => { const item = document.activeElement.closest('.item[id]');"
        " return item !== null && item.id === id; }",
        arg=item_id,
        timeout=5000,
    )


def test_the_bottom_button_and_enter_return_to_the_item_last_changed(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: LogIn
) -> None:
    log_in(page, EDITOR)
    path = f"/assessments/{demo_world['weibei-petro']}/sections/C4"
    page.goto(f"{live_server}{path}")
    page.locator('input[type=radio][name="C4.E2.1__level"][value="2"]').check()
    page.get_by_role("button", name="保存本页", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(path) + r"#item-C4\.E2\.1$"))
    expect(page.locator(".flash-success, .flash-warning").first).to_be_visible()
    _focused_item(page, "item-C4.E2.1")
    # Enter on a level saves the page the same way.
    level = page.locator('input[type=radio][name="C4.E2.2__level"][value="1"]')
    level.check()
    level.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(path) + r"#item-C4\.E2\.2$"))
    _focused_item(page, "item-C4.E2.2")


def test_a_refused_file_is_beside_its_item_and_focused_in_english(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: LogIn, tmp_path: Path
) -> None:
    log_in(page, EDITOR)
    path = f"/assessments/{demo_world['weibei-petro']}/sections/C4"
    page.goto(f"{live_server}/lang/en?next={path}")
    tool = tmp_path / "tool.exe"
    tool.write_bytes(b"MZ\x90\x00" * 16)
    item = page.locator("#item-C4\\.E3\\.2")
    item.locator("input[type=file]").set_input_files(str(tool))
    item.get_by_role("button", name="Save and upload C4.E3.2").click()
    refused = item.locator(".upload-refused")
    expect(refused).to_contain_text("tool.exe")
    expect(refused).to_be_focused()
    expect(refused).to_be_in_viewport()
