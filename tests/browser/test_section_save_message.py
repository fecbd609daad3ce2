"""Saved at the bottom of a long section page, the outcome is in sight: beside the button.

The flash at the top of the page was out of view (the page comes back where it was saved);
the save bar at the page's end repeats it for the eye, and says it to no screen reader.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage

EDITOR = "weibei-petro.admin@demo.example.cn"  # 潍北石化: 2025 returned, so editable
SAVE = {"zh_CN": "保存本页", "en": "Save this page"}


def _save_at_the_bottom(page: Page, base: str, path: str, lang: str) -> None:
    page.goto(f"{base}/lang/{lang}?next={path}")
    button = page.get_by_role("button", name=SAVE[lang], exact=True)
    button.scroll_into_view_if_needed()
    button.click()
    page.wait_for_url(f"**{path}#section-end")
    page.wait_for_load_state("load")


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_message_is_in_view_beside_the_button_after_a_save_at_the_bottom(
    desktop_page: OpenPage, live_server: str, demo_world: dict[str, int], lang: str
) -> None:
    page = desktop_page(EDITOR)
    path = f"/assessments/{demo_world['weibei-petro']}/sections/C4"
    _save_at_the_bottom(page, live_server, path, lang)
    top = page.locator(".flashes .flash").first
    beside = page.locator(".sticky-actions .bar-message").first
    expect(top).not_to_be_in_viewport()  # what the user missed before
    expect(beside).to_be_in_viewport()
    assert beside.inner_text() == top.inner_text()
    assert beside.evaluate("e => e.closest('[aria-hidden=true]') !== null")  # said once


def test_the_message_beside_the_button_fits_a_phone(
    phone_page: OpenPage, live_server: str, demo_world: dict[str, int]
) -> None:
    page = phone_page(EDITOR)
    path = f"/assessments/{demo_world['weibei-petro']}/sections/C4"
    _save_at_the_bottom(page, live_server, path, "zh_CN")
    beside = page.locator(".sticky-actions .bar-message").first
    expect(beside).to_be_in_viewport(ratio=1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
