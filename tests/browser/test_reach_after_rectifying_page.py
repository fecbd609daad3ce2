"""The result page's ceiling with an unrectified major hazard (capwords 1): the stars after
rectifying and what lifts it, in both languages, on a laptop and a phone."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from rcapp import db
from rcapp.assessments.models import Assessment, Event
from tests.browser.conftest import LAPTOP, PHONE
from tests.web.test_reach_after_rectifying import open_hazard

EDITOR = "ludong-fert.admin@demo.example.cn"  # a 2025 draft, backfill offered
SHOTS = os.environ.get("RCAPP_SHOTS")  # a directory to keep screenshots in, when set


@pytest.fixture
def hazard(live_app: Flask, demo_world: dict[str, int]) -> Iterator[int]:
    """Record an open major hazard in 鲁东化肥's 2025 draft; removed after the test."""
    assessment_id = demo_world["ludong-fert"]
    with live_app.app_context():
        own = db.session().get(Assessment, assessment_id)
        assert own is not None
        event = open_hazard(own)
        db.session().add(event)
        db.session().commit()
        event_id = event.id
    yield assessment_id
    with live_app.app_context():
        db.session().delete(db.session().get(Event, event_id))
        db.session().commit()


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "重大事故隐患整改完成并在“事件登记”中勾选“整改措施已完成”后，本年度最高可达"),
        ("en", "this year once rectified (Major accident hazard) and marked"),
    ],
)
def test_the_ceiling_says_the_stars_after_rectifying(
    page: Page,
    live_server: str,
    hazard: int,
    log_in: Callable[[Page, str], None],
    lang: str,
    said: str,
) -> None:
    log_in(page, EDITOR)
    page.goto(f"{live_server}/lang/{lang}")
    for name, size in (("laptop", LAPTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.goto(f"{live_server}/assessments/{hazard}/result")
        box = page.locator("#within-reach")
        expect(box).to_contain_text(said)
        if SHOTS:
            box.scroll_into_view_if_needed()
            page.screenshot(path=f"{SHOTS}/result-{lang}-{name}.png")
