"""A company answers a sent-back corrective action on a 390-pixel phone, and files an appeal.

The "earlier evidence file" choice is one line per radio with its label beside it, "keep"
chosen; the action names its item's title; filing the appeal asks first and cancelling
files nothing. Its own demo database (as test_finding_photo_on_a_phone.py).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from flask import Flask
from playwright.sync_api import expect

from rcapp import db
from rcapp.clock import beijing_today
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import Finding, FindingKind, Review
from tests.browser.confirm_dialog import answer_confirm
from tests.browser.conftest import PhonePage, assign_desk_review, demo_user, own_demo

REVIEWER = "reviewer.huang@demo.example.cn"
LEAD = "ps.lead@demo.example.cn"
COMPANY = "xiling-chem.admin@demo.example.cn"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


live_app, live_server, demo_world = own_demo("action-choice")


def _sent_back_action(live_app: Flask, assessment_id: int) -> tuple[int, int]:
    """Finalise 西岭化工's review with an action closed with a file and sent back."""
    with live_app.app_context():
        assignment = assign_desk_review(assessment_id, REVIEWER, LEAD)
        review, reviewer = assignment.review, assignment.reviewer
        item_id = sorted(review.sample)[0]
        finding = reviewing.add_finding(
            assignment,
            FindingKind.CORRECTIVE_ACTION,
            "缺陷台账未按风险分级",
            item_id,
            "王工",
            beijing_today() + dt.timedelta(days=60),
            reviewer,
        )
        reviewing.accept_remaining(assignment, list(review.sample), set(), reviewer)
        reviewing.submit_assignment(assignment, reviewer)
        settling.finalise_review(review, 30, demo_user(LEAD))
        company = demo_user(COMPANY)
        settling.close_action(finding, "已分级", company, ("台账.pdf", io.BytesIO(PDF)))
        settling.accept_action(finding, False, demo_user(LEAD), "分级依据不清")
        db.session().commit()
        return review.id, finding.id


def test_the_earlier_file_choice_and_the_appeal_question_on_a_phone(
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    phone_page: PhonePage,
    shots: Path,
) -> None:
    review_id, finding_id = _sent_back_action(live_app, demo_world["xiling-chem"])
    page = phone_page(COMPANY)
    for lang in ("zh_CN", "en"):
        page.goto(f"{live_server}/lang/{lang}?next=/reviews/{review_id}/final")
        choice = page.locator(f"#c-{finding_id}-earlier_file")
        for label in choice.locator("label.level-choice").all():
            radio = label.locator("input[type=radio]").bounding_box()
            box = label.bounding_box()
            assert radio is not None
            assert box is not None
            assert box["height"] < 2 * radio["height"] + 30, "label below its radio"
        expect(choice.locator("input[value=keep]")).to_be_checked()
        expect(page.locator(f"#action-{finding_id} .action-item")).to_be_visible()
        page.locator(f"#action-{finding_id}").scroll_into_view_if_needed()
        page.screenshot(path=shots / f"action-choice-{lang}.png", full_page=False)
        choice.scroll_into_view_if_needed()
        page.screenshot(path=shots / f"action-choice-radio-{lang}.png")
        page.locator("#appeal-form textarea").fill("复核意见")
        page.locator("#appeal-form button[type=submit]").click()
        page.screenshot(path=shots / f"appeal-confirm-{lang}.png")
        asked = answer_confirm(page, accept=False)
        assert ("只能申诉一次" if lang == "zh_CN" else "appealed only once") in asked
    with live_app.app_context():
        review = db.session().get(Review, review_id)
        assert review is not None
        assert review.appeals == []  # cancelled: nothing filed
        assert db.session().get(Finding, finding_id) is not None
