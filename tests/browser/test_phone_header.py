"""The header on a 390 px phone (enwords 9): compact, and no button wraps inside itself.

In English "Log out (all devices)" wrapped as "Log" over "out (all devices)" and the header
took a third of the screen.
"""

from __future__ import annotations

from itertools import pairwise

import pytest

from tests.browser.conftest import OpenPage

USER = "xiling-chem.admin@demo.example.cn"
PHONE = {"width": 390, "height": 844}
# The lines a box's text takes: its text's line boxes, counted by their distinct tops.
LINES = """e => {
  const range = document.createRange(); range.selectNodeContents(e);
  return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_phone_header_is_compact_and_its_buttons_stay_whole(
    phone_page: OpenPage, live_server: str, demo_world: dict[str, int], lang: str
) -> None:
    page = phone_page(USER, viewport=PHONE)
    page.goto(f"{live_server}/lang/{lang}?next=/")
    logout = page.locator(".site-header button.logout")
    assert logout.evaluate(LINES) == 1
    header = page.locator(".site-header").evaluate("e => e.getBoundingClientRect().height")
    assert header < PHONE["height"] / 4, header


# The space between two menu links' words and each link's width (newcomer2 #5): "自评" sat in
# a 44-pixel box with its gap after it only (26 px against 14 elsewhere).
MENU = """() => [...document.querySelectorAll('.main-nav li > a')].map(a => {
  const range = document.createRange(); range.selectNodeContents(a);
  const text = range.getBoundingClientRect(), box = a.getBoundingClientRect();
  return {left: text.left, right: text.right, top: Math.round(box.top), width: box.width};
})"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_phone_menu_spaces_its_words_evenly(
    phone_page: OpenPage, live_server: str, demo_world: dict[str, int], lang: str
) -> None:
    page = phone_page("ludong-fert.admin@demo.example.cn")
    page.goto(f"{live_server}/lang/{lang}?next=/")
    links = page.evaluate(MENU)
    gaps = [round(b["left"] - a["right"]) for a, b in pairwise(links) if a["top"] == b["top"]]
    assert gaps
    assert max(gaps) - min(gaps) <= 2, gaps
    assert min(link["width"] for link in links) >= 44


# The logout's box and words on a phone (phonefix 2): it sat 12 px from the screen's edge.
LOGOUT = """() => {
  const button = document.querySelector('.site-header button.logout');
  const range = document.createRange(); range.selectNodeContents(button);
  const box = button.getBoundingClientRect(), words = range.getBoundingClientRect();
  return {left: box.left, right: box.right, height: box.height, width: box.width,
          wordsRight: words.right, screen: document.documentElement.clientWidth};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_logout_keeps_off_the_screens_edge_as_a_tap_target(
    phone_page: OpenPage, live_server: str, demo_world: dict[str, int], lang: str
) -> None:
    page = phone_page(USER, viewport=PHONE)
    for path in ("/", f"/assessments/{demo_world['xiling-chem']}"):
        page.goto(f"{live_server}/lang/{lang}?next={path}")
        logout = page.evaluate(LOGOUT)
        assert logout["screen"] - logout["right"] >= 16, logout
        assert logout["screen"] - logout["wordsRight"] >= 16, logout
        assert logout["left"] >= 16, logout
        assert logout["height"] >= 44, logout
        assert logout["width"] >= 44, logout
    words = page.locator(".site-header button.logout").inner_text()
    assert words == {"zh_CN": "退出（所有设备）", "en": "Log out (all devices)"}[lang]
