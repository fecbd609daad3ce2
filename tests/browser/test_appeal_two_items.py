"""A company admin files an appeal naming two disputed items (appeal_items).

The items are folded by section on the final page's appeal form, with a search box that
keeps only the items holding what is typed: she opens a section, ticks two items, writes
the reason and confirms; the waiting appeal then lists both, each
with its levels, and the stars say an appeal is pending.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import delete

from rcapp import db
from rcapp.reviews.models import Appeal
from tests.browser.confirm_dialog import answer_confirm
from tests.browser.test_appeal_reason_first import ADMIN, _final_review_id


@pytest.fixture
def review_id(live_app: Flask, demo_world: dict[str, int]) -> Iterator[int]:
    """The demo's final review, its appeal taken away after (the demo world is shared)."""
    found = _final_review_id(live_app)
    yield found
    with live_app.app_context():
        db.session().execute(delete(Appeal).where(Appeal.review_id == found))
        db.session().commit()


def test_an_appeal_names_two_items(
    page: Page,
    live_server: str,
    review_id: int,
    log_in: Callable[[Page, str], None],
) -> None:
    log_in(page, ADMIN)
    page.goto(f"{live_server}/reviews/{review_id}/final#appeal")
    groups = page.locator("#appeal-items details")
    first = groups.first
    first.locator("summary").click()
    boxes = first.locator("input[name=items]")
    picked = [boxes.nth(0).get_attribute("value"), boxes.nth(1).get_attribute("value")]
    assert picked[0]
    assert picked[1]
    # the search box keeps only the items holding what is typed, then gives them all back
    search = page.locator("#appeal-item-search")
    search.fill(picked[1])
    expect(first.locator(f"input[value='{picked[1]}']")).to_be_visible()
    expect(first.locator(f"input[value='{picked[0]}']")).to_be_hidden()
    search.fill("没有这样的评价项")
    expect(page.locator("[data-appeal-item-none]")).to_be_visible()
    search.fill("")
    expect(first.locator(f"input[value='{picked[0]}']")).to_be_visible()
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.locator("#appeal-form textarea[name=reason]").fill("这两项的证据已在现场提供，请复核。")
    page.locator("#appeal-form").get_by_role("button", name="提出申诉").click()
    assert "只能申诉一次" in answer_confirm(page, accept=True)

    listed = page.locator(".appeal-disputed")
    expect(listed).to_contain_text("有异议的评价项（2 项）")
    for item_id in picked:
        expect(listed.locator(f"li[id$='-item-{item_id}']")).to_contain_text("自评等级")
    expect(page.locator("#stars-appeal-pending")).to_contain_text("申诉处理中")
