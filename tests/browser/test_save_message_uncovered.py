"""After a save on a phone the outcome is in sight in full, not cut at the bar's foot.

The bar's copy of the message is the only one in sight after a save at an element (the
flash atop the page is thousands of pixels up). Past the deadline it says what to do next
("… to submit late, ask the secretariat"): in English three lines at 390 px, of which the
bar showed two and cut the rest with "…", below the screen's edge. With and without script
(the message is server-rendered), each point of it must be the message itself.
"""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page

from tests.browser.conftest import OpenPage, open_fold
from tests.browser.demo_deadline import demo_deadline

EDITOR = "weibei-petro.admin@demo.example.cn"  # 潍北石化: 2025 returned, so editable

# Points along each line of the message that are not the message itself: under
# the screen's edge, under something else (elementFromPoint), or cut by its box ("…").
UNCOVERED = """message => {
  const missed = [];
  for (const line of message.getClientRects()) {  // each of its lines: it wraps
    for (const fx of [0.05, 0.5, 0.95]) {
      for (const fy of [0.2, 0.8]) {
        const x = line.left + line.width * fx, y = line.top + line.height * fy;
        const hit = y < window.innerHeight && document.elementFromPoint(x, y);
        if (!hit || !message.contains(hit)) missed.push([Math.round(x), Math.round(y)]);
      }
    }
  }
  const holder = message.parentElement;
  if (holder.scrollHeight > holder.clientHeight + 1) missed.push("cut");
  return missed;
}"""


def _save_an_element(page: Page, base: str, path: str, lang: str) -> None:
    page.goto(f"{base}/lang/{lang}?next={path}")
    open_fold(page, "C5.E2.1")  # answered by an earlier test: folded on a phone
    comment = page.locator("[id='item-C5.E2.1'] textarea").last
    comment.scroll_into_view_if_needed()
    comment.fill(f"phonefix {lang}")
    button = page.locator("button[name=anchor][value='element-C5.E2']")
    button.scroll_into_view_if_needed()
    button.click()
    page.wait_for_url(f"**{path}#element-C5.E2")
    page.wait_for_load_state("load")


@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_long_save_message_is_in_sight_in_full_on_a_phone(
    phone_page: OpenPage,
    live_app: Flask,
    live_server: str,
    demo_world: dict[str, int],
    lang: str,
    script: bool,
) -> None:
    page = phone_page(EDITOR, java_script_enabled=script)
    path = f"/assessments/{demo_world['weibei-petro']}/sections/C5"
    with demo_deadline(live_app, -3):
        _save_an_element(page, live_server, path, lang)
    message = page.locator(".sticky-actions .bar-message").first
    words = {"zh_CN": "秘书处", "en": "secretariat"}[lang]
    assert words in message.inner_text()  # the long one: what to do is at its end
    assert message.evaluate(UNCOVERED) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
