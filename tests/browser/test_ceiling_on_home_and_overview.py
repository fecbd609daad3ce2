"""A vetoed company's overview says the result page's ceiling, zh and en (secwords #4).

西岭化工, vetoed by a production-safety accident, read "目前最多可评 2 星" (the KPI reporting
run's cap) on its overview once returned, beside a result page saying no star this year.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from rcapp import db
from rcapp.assessments.models import Assessment, AssessmentStatus
from tests.browser.conftest import LAPTOP, PHONE

SHOTS = os.environ.get("RCAPP_SHOTS")  # a directory to keep screenshots in, when set
VETOED = "xiling-chem.admin@demo.example.cn"
NO_STAR = {"zh": "本年度无法获得星级", "en": "No star rating is within reach this year"}


@pytest.fixture
def returned(live_app: Flask, demo_world: dict[str, int]) -> Iterator[int]:
    """西岭化工's submitted 2025 assessment, returned for correction (editable); put back after."""
    assessment_id = demo_world["xiling-chem"]
    with live_app.app_context():
        own = db.session().get(Assessment, assessment_id)
        assert own is not None
        before, own.status = own.status, AssessmentStatus.RETURNED
        db.session().commit()
    yield assessment_id
    with live_app.app_context():
        own = db.session().get(Assessment, assessment_id)
        assert own is not None
        own.status = before
        db.session().commit()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_vetoed_companys_overview_says_no_star(
    page: Page, live_server: str, returned: int, log_in: Callable[[Page, str], None], lang: str
) -> None:
    log_in(page, VETOED)
    page.goto(f"{live_server}/lang/{lang}")
    page.goto(f"{live_server}/assessments/{returned}")
    expect(page.locator("#history-cap")).to_have_count(0)
    expect(page.locator("#reach-below-cap")).to_contain_text(NO_STAR[lang])
    if SHOTS:
        for name, size in (("laptop", LAPTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.locator("#reach-below-cap").scroll_into_view_if_needed()
            page.screenshot(path=f"{SHOTS}/overview-vetoed-{lang}-{name}.png")
