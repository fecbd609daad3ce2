"""qa12 S7: a 4,000-character reviewer reason squeezed the discrepancy map's item column to
about four characters at 1280 px and stretched its row over several screens. Shortened behind
"展开全文" (details), the item column keeps its width and the row stays short; opened, the
reason grows down in a capped width, and the item column still reads.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from flask import Flask
from playwright.sync_api import Browser, Page
from sqlalchemy import select

from rcapp import db
from rcapp.reviews.models import ItemDecision, ReviewAssignment

LONG = "签字页缺失，" + "核对记录后发现管理评审输入不完整。" * 230
SHOTS = os.environ.get("RCAPP_SHOTS")  # a folder for the screenshots, when wanted


def _item_width(page: Page, row: str) -> float:
    return float(page.eval_on_selector(f"[id='{row}'] th[scope=row]", "e => e.offsetWidth"))


def test_a_long_reason_leaves_the_item_column_readable_at_1280(
    browser: Browser,
    live_app: Flask,
    live_server: str,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in(page, "pp.lead@demo.example.cn")
    page.goto(f"{live_server}/reviews/")
    page.locator("a[href^='/reviews/groups/']").first.click()
    page.locator("a[href$='/consolidate']").first.click()
    review_id = int(page.url.split("/reviews/")[1].split("/")[0])
    with live_app.app_context():
        statement = (
            select(ItemDecision)
            .join(ReviewAssignment)
            .where(ReviewAssignment.review_id == review_id, ItemDecision.reason.is_not(None))
        )
        decision = db.session().scalars(statement).first()
        assert decision is not None, "the demo review has no reviewer reason"
        decision_id, item_id, kept = decision.id, decision.item_id, decision.reason
        decision.reason = LONG
        db.session().commit()
    try:
        row = f"row-{item_id}"
        for lang in ("zh_CN", "en"):
            page.goto(f"{live_server}/lang/{lang}?next=/reviews/{review_id}/consolidate")
            page.wait_for_load_state("load")
            cell = page.locator(f"[id='{row}']")
            assert _item_width(page, row) >= 180, "the item column is squeezed"
            if SHOTS:
                cell.screenshot(path=f"{SHOTS}/consolidate_long_{lang}.png")
            # shortened: the reason takes a few lines, not screens (the settle form sets the row)
            reason = cell.locator("td.reviewer details.long-text").first
            assert reason.bounding_box()["height"] < 300  # type: ignore[index]
            cell.locator("details.long-text summary").first.click()  # open: the whole text
            assert LONG[-40:] in cell.locator("details.long-text").first.inner_text()
            assert _item_width(page, row) >= 180
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/consolidate_long_open_{lang}.png")
    finally:
        with live_app.app_context():
            stored = db.session().get(ItemDecision, decision_id)
            assert stored is not None
            stored.reason = kept
            db.session().commit()
        context.close()
