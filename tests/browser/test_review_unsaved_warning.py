"""Leaving the reviewer's page with a reason typed and not saved asks first, as a section does.

Found by QA: a reason typed, then another section tab clicked, changed page without a word;
the input came back (未保存) only in the same browser tab. The review page's forms now carry
forms.js's data-guard, the self-assessment sections' warning.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Dialog, Page, expect

from tests.browser.conftest import OpenPage
from tests.browser.test_keyboard_qa59 import REVIEWER, _review_page


def _answer_leaving(page: Page, seen: list[str], stay: bool) -> None:
    def answer(dialog: Dialog) -> None:
        seen.append(dialog.type)
        dialog.dismiss() if stay else dialog.accept()

    page.once("dialog", answer)


@pytest.mark.usefixtures("demo_world")
def test_a_typed_reason_warns_before_another_section_tab(
    desktop_page: OpenPage, live_server: str
) -> None:
    page = _review_page(desktop_page(REVIEWER), live_server, "zh_CN")
    url = page.url
    item = page.locator(".review-item:has(input[value=adjust])").first
    item.locator("input[value=adjust]").check()
    reason = item.locator("textarea")
    reason.fill("等级依据不足，还没保存")
    tab = page.locator(".section-tabs a:not([aria-current])").first
    seen: list[str] = []
    _answer_leaving(page, seen, stay=True)
    tab.click()
    page.wait_for_timeout(500)
    assert seen == ["beforeunload"]
    expect(page).to_have_url(url)
    expect(reason).to_have_value("等级依据不足，还没保存")
    # Leaving anyway, she goes: the warning asks, it does not hold her.
    _answer_leaving(page, seen, stay=False)
    with page.expect_navigation():
        tab.click()
    assert seen == ["beforeunload", "beforeunload"]
    assert page.url != url


@pytest.mark.usefixtures("demo_world")
def test_an_untouched_review_page_leaves_without_a_question(
    desktop_page: OpenPage, live_server: str
) -> None:
    page = _review_page(desktop_page(REVIEWER), live_server, "zh_CN")
    url = page.url
    seen: list[str] = []
    _answer_leaving(page, seen, stay=True)
    with page.expect_navigation():
        page.locator(".section-tabs a:not([aria-current])").first.click()
    assert seen == []
    assert page.url != url
