"""The event register on a 390-pixel phone (qa34 S21): each event is a card.

The wide table showed only 日期/类型/等级; the figures and the edit and delete actions were
off to the right with no sign that the table scrolled.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PAGE_WIDTH, PHONE, PhonePage

# 潍北石化: 2025 returned (editable) with one event of its own. Not linhai-chlor: the
# assessment journey submits its draft, after which its events can no longer be edited.
COMPANY = "weibei-petro.admin@demo.example.cn"


@pytest.mark.parametrize(
    ("lang", "labels", "edit"),
    [
        ("zh_CN", ["日期", "类型", "死亡", "重伤", "经过", "整改措施已完成", "操作"], "修改"),
        (
            "en",
            [
                "Date",
                "Type",
                "Fatalities",
                "Serious injuries",
                "Corrective action completed",
                "Action",
            ],
            "Edit",
        ),
    ],
)
def test_every_cell_and_action_of_an_event_is_on_the_screen(
    live_server: str,
    demo_world: dict[str, int],
    phone_page: PhonePage,
    lang: str,
    labels: list[str],
    edit: str,
) -> None:
    page = phone_page(COMPANY)
    page.goto(f"{live_server}/lang/{lang}?next=/assessments/{demo_world['weibei-petro']}/events")
    assert page.evaluate(PAGE_WIDTH) <= PHONE["width"]
    row = page.locator("table.events tbody tr").first
    cells = row.locator("td")
    shown = cells.evaluate_all(
        "cells => cells.map(c => [getComputedStyle(c, '::before').content,"
        " c.getBoundingClientRect().right])"
    )
    names = [content.strip('"') for content, _right in shown]
    for label in labels:
        assert label in names, (label, names)
    assert all(right <= PHONE["width"] for _content, right in shown), shown
    for name in (edit,):
        link = row.get_by_role("link", name=name)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= PHONE["width"]
        assert box["height"] >= 40  # a tap target
    delete = row.locator("td.actions-cell button")
    expect(delete).to_be_visible()
    box = delete.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= PHONE["width"]
