"""A 300-character evidence file name wraps in its list (qa67 p1): the page never scrolls
sideways and 查看 and 删除 stay on the screen, on a laptop and on a phone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Locator, Page
from sqlalchemy import select

from rcapp import db
from rcapp.assessments import storage
from rcapp.assessments.models import AssessmentStatus
from rcapp.reviews.models import ActionStatus, Finding, Review, ReviewAssignment
from tests.browser.conftest import LAPTOP, PAGE_WIDTH, PHONE, OpenPage
from tests.browser.evidence_files import attached
from tests.browser.held_status import held_status

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
NAME = storage.safe_filename("检测报告" + "A" * 296 + ".pdf")  # kept as 200 characters


@pytest.fixture
def long_named(live_app: Flask, demo_world: dict[str, int]) -> Iterator[int]:
    """A demo draft with the long-named PDF on MS.G1.1.

    Held as a draft: a test before this one (the journey) may have submitted it, and a
    submitted assessment's list offers no 删除 to measure.
    """
    assessment_id = demo_world["linhai-chlor"]
    with (
        held_status(live_app, assessment_id, AssessmentStatus.DRAFT),
        attached(live_app, assessment_id, "MS.G1.1", [(NAME, PDF)]),
    ):
        yield assessment_id


def _fits(page: Page, width: int, controls: list[Locator]) -> None:
    page.wait_for_load_state("load")
    assert page.evaluate(PAGE_WIDTH) <= width
    for control in controls:
        box = control.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= width


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_a_long_file_name_wraps_in_the_section_page(
    desktop_page: OpenPage, live_server: str, long_named: int, viewport: dict[str, int]
) -> None:
    page = desktop_page("linhai-chlor.hse@demo.example.cn", viewport=viewport)
    page.goto(f"{live_server}/assessments/{long_named}/sections/MS")
    row = page.locator("#item-MS\\.G1\\.1 .evidence li").filter(has_text=NAME[:20])
    _fits(page, viewport["width"], [row.locator("a.view-file"), row.locator("button.link-button")])


def test_a_long_file_name_wraps_on_the_review_page_and_the_corrective_action(
    desktop_page: OpenPage, live_server: str, live_app: Flask, demo_world: dict[str, int]
) -> None:
    with live_app.app_context():
        assignment = (
            db.session()
            .scalars(
                select(ReviewAssignment)
                .join(Review)
                .where(Review.assessment_id == demo_world["jiangbei-materials"])
                .where(ReviewAssignment.submitted_at.is_(None))
            )
            .one()
        )
        assignment_id, item_id = assignment.id, assignment.review.sample[0]
        reviewer = assignment.reviewer.email
        # The demo closes an action without a file: the long-named one is put on it.
        action = (
            db.session()
            .scalars(select(Finding).where(Finding.action_status == ActionStatus.CLOSED))
            .first()
        )
        assert action is not None, "the demo closes a corrective action"
        action.closing_file_name, action.closing_file_type = NAME, "application/pdf"
        review_id, action_id = action.review_id, action.id
        db.session().commit()
    with attached(live_app, demo_world["jiangbei-materials"], item_id, [(NAME, PDF)]):
        page = desktop_page(reviewer)
        section = item_id.split(".")[0]
        page.goto(f"{live_server}/reviews/assignments/{assignment_id}?section={section}")
        row = page.locator(".review-item li").filter(has_text=NAME[:20])
        _fits(page, LAPTOP["width"], [row.locator("a.view-file")])
    lead = desktop_page("pp.lead@demo.example.cn")
    lead.goto(f"{live_server}/reviews/{review_id}/final#actions")
    _fits(lead, LAPTOP["width"], [lead.locator(f"#action-{action_id} a.view-file")])
    with live_app.app_context():
        kept = db.session().get(Finding, action_id)
        assert kept is not None
        kept.closing_file_name = kept.closing_file_type = None
        db.session().commit()
