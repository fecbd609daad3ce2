"""Saved at the bottom of the KPI page, the outcome is in sight: beside the button.

The page comes back at its save bar (#kpi-end); the flash at the top is out of view there,
so the bar repeats it for the eye, and says it to no screen reader (as on the section page).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import OpenPage

EDITOR = "weibei-petro.admin@demo.example.cn"  # 潍北石化: 2025 returned, so editable
SAVE = {"zh_CN": "保存", "en": "Save"}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_message_is_in_view_beside_the_button_after_a_save_at_the_bottom(
    desktop_page: OpenPage, live_server: str, demo_world: dict[str, int], lang: str
) -> None:
    page = desktop_page(EDITOR)
    path = f"/assessments/{demo_world['weibei-petro']}/kpis"
    page.goto(f"{live_server}/lang/{lang}?next={path}")
    button = page.locator("#kpi-end").get_by_role("button", name=SAVE[lang], exact=True)
    button.scroll_into_view_if_needed()
    button.click()
    page.wait_for_url(f"**{path}#kpi-end")
    page.wait_for_load_state("load")
    top = page.locator(".flashes .flash").first
    beside = page.locator("#kpi-end .bar-message").first
    expect(top).not_to_be_in_viewport()  # what the user missed before
    expect(beside).to_be_in_viewport()
    assert beside.inner_text() == top.inner_text()
    assert beside.evaluate("e => e.closest('[aria-hidden=true]') !== null")  # said once
