"""Answer the page's own confirmation (base.html #confirm-dialog, opened by forms.js)."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def answer_confirm(page: Page, accept: bool = True, held: bool = False) -> str:
    """Wait for the open confirmation, answer it with its 确定 or 取消; return its text.

    `held`: the request it sends is held by the test (no navigation to wait for).
    """
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    text = dialog.locator("[data-confirm-text]").inner_text()
    answer = dialog.locator("[data-confirm-ok]" if accept else "[data-confirm-cancel]")
    answer.click(no_wait_after=held)
    if not held:  # a held request's navigation never ends: nothing to look at meanwhile
        expect(dialog).to_be_hidden()
    return text
