"""The lead's review pages on a laptop zoomed to 150–200 % (QA39 D4).

At 683 × 384 (1,366 px at 200 %) and 853 × 600 (1,280 px at 150 %) the discrepancy page's
tables were 860 px wide in a 593/763 px box: the final level, the reason and the settle
button were cut off at the box's edge. The final result and the calibration tables too.
Now each row is a card up to 60rem: nothing scrolls sideways, every control whole in view.
"""

from __future__ import annotations

import os
import re

import pytest
from flask import Flask
from playwright.sync_api import Page, ViewportSize
from sqlalchemy import select

from rcapp import db
from rcapp.reviews.models import Review
from tests.browser.conftest import OpenPage

SHOTS = os.environ.get("RCAPP_SHOTS")  # a folder for the screenshots, when wanted

# Every control and row header outside its scrolling box or the window; boxes that scroll.
_CUT_OFF = """() => {
  const width = document.documentElement.clientWidth;
  const cut = [];
  const named = 'input:not([type=hidden]), select, textarea, button, th[scope=row]';
  for (const e of document.querySelectorAll(named.split(', ').map(s => 'main ' + s).join(', '))) {
    const r = e.getBoundingClientRect();
    if (!r.width) continue;
    const scroller = e.closest('.table-scroll');
    const box = scroller ? scroller.getBoundingClientRect() : {left: 0, right: width};
    if (r.left < Math.max(box.left, 0) - 1 || r.right > Math.min(box.right, width) + 1)
      cut.push(`${e.tagName} ${e.id || e.textContent.trim().slice(0, 20)}`);
  }
  for (const e of [document.documentElement, ...document.querySelectorAll('.table-scroll')])
    if (e.scrollWidth > e.clientWidth + 1) cut.push(`scrolls sideways: ${e.className || 'page'}`);
  return cut;
}"""

VIEWPORTS: list[ViewportSize] = [{"width": 683, "height": 384}, {"width": 853, "height": 600}]


def _visit(page: Page, base: str, url: str, lang: str) -> None:
    page.goto(f"{base}/lang/{lang}?next={url}")
    page.evaluate("document.fonts.ready")


def _reviews(live_app: Flask, group_id: int) -> tuple[list[int], list[int]]:
    """The group's reviews: those still open, and those final."""
    with live_app.app_context():
        rows = db.session().execute(
            select(Review.id, Review.finalised_at)
            .where(Review.working_group_id == group_id)
            .order_by(Review.id)
        )
        reviews = list(rows)
    return [r for r, final in reviews if final is None], [r for r, final in reviews if final]


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v['width']}")
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_lead_pages_nothing_cut_off_when_zoomed(
    desktop_page: OpenPage,
    live_app: Flask,
    live_server: str,
    demo_world: dict[str, int],
    viewport: ViewportSize,
    lang: str,
) -> None:
    page = desktop_page("pp.deputy@demo.example.cn", viewport=viewport)
    _visit(page, live_server, "/reviews/", lang)
    link = page.locator("a[href^='/reviews/groups/']").first.get_attribute("href") or ""
    found = re.match(r"/reviews/groups/(\d+)", link)
    assert found is not None, link
    group_id = int(found.group(1))
    open_reviews, final_reviews = _reviews(live_app, group_id)
    width = viewport["width"]

    settled_on = None
    for review_id in open_reviews:
        _visit(page, live_server, f"/reviews/{review_id}/consolidate", lang)
        if page.locator("td.settle form").count():
            settled_on = review_id
            break
    assert settled_on is not None, "no demo review with an item to settle"
    assert page.evaluate(_CUT_OFF) == []
    form = page.locator("td.settle form").first
    form.scroll_into_view_if_needed()
    row = page.locator("table.consolidation tbody tr", has=form).first
    item = row.locator("th[scope=row]").bounding_box()
    level = form.locator("select").bounding_box()
    assert item is not None
    assert level is not None
    assert level["y"] >= item["y"] + item["height"] - 1  # the settle form under the item
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/consolidate_{lang}_{width}.png")
        form.screenshot(path=f"{SHOTS}/consolidate_form_{lang}_{width}.png")

    assert final_reviews, "no final demo review"
    _visit(page, live_server, f"/reviews/{final_reviews[0]}/final", lang)
    assert page.evaluate(_CUT_OFF) == []
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/final_{lang}_{width}.png", full_page=True)

    _visit(page, live_server, f"/reviews/groups/{group_id}/calibration", lang)
    assert page.locator("table.calibration").count() == 1
    assert page.evaluate(_CUT_OFF) == []
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/calibration_{lang}_{width}.png")
