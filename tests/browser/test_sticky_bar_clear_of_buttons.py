"""The sticky bar never hides a focused field or its form's submit button (parks review).

A reviewer filling a finding had its 记录 button under the review bar at the screen's foot
and pressed the discard above it, taking it for the form's last button. Here each form on a
page with a sticky bar is scrolled until its submit button sits at the screen's bottom edge
(under the bar), its last field is reached with Tab, and the button must then be clear of
the bar: the point at its centre is the button itself. At 390 px and at 1,280 px, zh and en.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, ViewportSize, expect

from tests.browser.conftest import LAPTOP, PHONE, OpenPage

REVIEWER = "reviewer.xing@demo.example.cn"
DRAFT_ADMIN = "ludong-fert.admin@demo.example.cn"  # 鲁东化肥: 2025 draft

# The fields of the button's form before it, in page order: shown, typeable, not the bar's.
FIELDS_BEFORE = """(button) => [...button.form.elements].filter((el) =>
  el.matches('input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea')
  && el.getClientRects().length > 0 && !el.closest('.sticky-actions')
  && (el.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING)
).map((el) => el.id || el.name)"""

# Put the button's bottom on the screen's bottom edge, where a bottom bar sits.
TO_BOTTOM_EDGE = """(button) =>
  window.scrollBy(0, button.getBoundingClientRect().bottom - innerHeight)"""

# What covers the button's centre and the focused field's, once scrolling has settled.
COVERED = """async (button) => {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const bar = document.querySelector('.sticky-actions').getBoundingClientRect();
  const hits = (el) => {
    const box = el.getBoundingClientRect();
    const found = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return {
      clear: !(box.bottom > bar.top && box.top < bar.bottom),
      itself: found !== null && el.contains(found),
    };
  };
  const focused = document.activeElement;
  return {button: hits(button), field: hits(focused), focused: focused.id || focused.name};
}"""


def _tab_to_last_field(page: Page, button: Locator) -> str:
    """Focus the field before the button's form's last one, then Tab to the last one."""
    fields: list[str] = button.evaluate(FIELDS_BEFORE)
    assert len(fields) >= 2, fields
    last = fields[-1]
    button.evaluate(TO_BOTTOM_EDGE)
    page.evaluate(
        "([form, name]) => [...document.getElementById(form).elements]"
        ".find((el) => (el.id || el.name) === name).focus({preventScroll: true})",
        [button.evaluate("(b) => b.form.id"), fields[-2]],
    )
    for _ in range(8):  # a date field takes a Tab per part (year, month, day)
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id || document.activeElement.name") == last:
            return last
    raise AssertionError(f"Tab never reached {last}")


def _assert_clear_of_bar(page: Page, button: Locator, shot: Path) -> None:
    expect(page.locator(".sticky-actions")).to_be_visible()
    last = _tab_to_last_field(page, button)
    seen: dict[str, Any] = button.evaluate(COVERED)
    page.screenshot(path=shot)
    assert seen["focused"] == last
    assert seen["field"] == {"clear": True, "itself": True}, f"{last} under the bar: {shot}"
    assert seen["button"] == {"clear": True, "itself": True}, f"button under the bar: {shot}"


@pytest.fixture(params=[PHONE, LAPTOP], ids=lambda v: f"{v['width']}px")
def viewport(request: pytest.FixtureRequest) -> ViewportSize:
    size: ViewportSize = request.param
    return size


Open = Callable[[str, str, str], Page]


@pytest.fixture
def open_at(
    desktop_page: OpenPage, live_server: str, demo_world: dict[str, int], viewport: ViewportSize
) -> Iterator[Open]:
    """Return `open(email, lang, path)`: the page in that language at the test's width; the
    account is set back to Chinese afterwards (the demo accounts are shared)."""
    opened: list[Page] = []

    def open_page(email: str, lang: str, path: str) -> Page:
        mobile = {"is_mobile": True} if viewport == PHONE else {}
        page = desktop_page(email, viewport=viewport, **mobile)
        page.goto(f"{live_server}/lang/{lang}?next={path}")
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.goto(f"{live_server}/lang/zh_CN?next=/")


def _review_page(open_at: Open, lang: str = "zh_CN") -> Page:
    page = open_at(REVIEWER, lang, "/reviews/")
    page.locator("main a[href^='/reviews/assignments/']").first.click()
    expect(page.locator("#review-bar")).to_be_visible()
    return page


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_finding_forms_record_button_is_clear_of_the_review_bar(
    open_at: Open, shots: Path, viewport: ViewportSize, lang: str
) -> None:
    page = _review_page(open_at, lang)
    record = page.locator("#finding-form button[type=submit]")
    _assert_clear_of_bar(page, record, shots / f"sticky-finding-{lang}-{viewport['width']}.png")


def test_an_items_save_button_is_clear_of_the_review_bar(
    open_at: Open, shots: Path, viewport: ViewportSize
) -> None:
    page = _review_page(open_at)
    save = page.locator("form[id^=decide-] button[type=submit]").last
    _assert_clear_of_bar(page, save, shots / f"sticky-item-{viewport['width']}.png")


def test_an_elements_save_button_is_clear_of_the_section_save_bar(
    open_at: Open, demo_world: dict[str, int], shots: Path, viewport: ViewportSize
) -> None:
    path = f"/assessments/{demo_world['ludong-fert']}/sections/C6"
    page = open_at(DRAFT_ADMIN, "zh_CN", path)
    save = page.locator(".element-actions button[type=submit]").first
    _assert_clear_of_bar(page, save, shots / f"sticky-element-{viewport['width']}.png")


def test_scrolling_while_writing_a_finding_never_covers_its_record_button(
    open_at: Open, shots: Path, viewport: ViewportSize
) -> None:
    page = _review_page(open_at)
    form = page.locator("#finding-form")
    form.locator("textarea[name=text]").click()  # writing: the focus stays in the form
    record = form.locator("button[type=submit]")
    record.evaluate(TO_BOTTOM_EDGE)
    seen: dict[str, Any] = record.evaluate(COVERED)
    page.screenshot(path=shots / f"sticky-finding-scrolled-{viewport['width']}.png")
    assert seen["button"] == {"clear": True, "itself": True}
    # Out of the form, the bar is back at the screen's foot.
    page.locator("h1").click()
    bar = page.locator("#review-bar").bounding_box()
    assert bar is not None
    assert bar["y"] + bar["height"] == pytest.approx(viewport["height"], abs=1)
