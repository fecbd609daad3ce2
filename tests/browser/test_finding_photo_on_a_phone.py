"""A reviewer on site attaches a photo to a finding from a 390-pixel phone; once the review
is final the company sees it on its result page. Its own demo database: the shared one's
xiling-chem review belongs to the review journey (test_review_journey.py)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from playwright.sync_api import expect

from rcapp import db
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import ReviewAssignment
from tests.browser.conftest import (
    PhonePage,
    assign_desk_review,
    demo_user,
    fits_phone,
    own_demo,
)

REVIEWER = "reviewer.huang@demo.example.cn"  # 黄磊, reviewer of the process-safety group
LEAD = "ps.lead@demo.example.cn"
COMPANY = "xiling-chem.admin@demo.example.cn"  # 西岭化工: 2025 submitted, not yet reviewed
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


live_app, live_server, demo_world = own_demo("finding-photo")


def _assigned(live_app: Flask, assessment_id: int) -> tuple[int, int]:
    """Have the lead assign 黄磊, who accepts every item; return (assignment, review) ids."""
    with live_app.app_context():
        assignment = assign_desk_review(assessment_id, REVIEWER, LEAD)
        review = assignment.review
        reviewing.accept_remaining(assignment, list(review.sample), set(), assignment.reviewer)
        db.session().commit()
        return assignment.id, review.id


def _submitted_and_final(live_app: Flask, assignment_id: int, review_id: int) -> None:
    with live_app.app_context():
        assignment = db.session().get(ReviewAssignment, assignment_id)
        assert assignment is not None
        reviewing.submit_assignment(assignment, assignment.reviewer)
        settling.finalise_review(assignment.review, 30, demo_user(LEAD))
        db.session().commit()


def test_a_photo_attached_on_a_phone_reaches_the_company(
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    phone_page: PhonePage,
    tmp_path: Path,
    shots: Path,
) -> None:
    assignment_id, review_id = _assigned(live_app, demo_world["xiling-chem"])
    photo = tmp_path / "切断阀.png"
    photo.write_bytes(PNG)
    page = phone_page(REVIEWER)
    page.goto(f"{live_server}/reviews/assignments/{assignment_id}#findings")
    form = page.locator("#finding-form")
    file_input = form.locator("input[type=file]")
    assert file_input.get_attribute("accept") == "image/*,application/pdf"
    assert file_input.get_attribute("capture") is None  # the gallery too, not the camera only
    form.locator("#kind").select_option("improvement")
    form.locator("#text").fill("紧急切断阀未做功能测试，见照片")
    file_input.set_input_files(str(photo))
    form.get_by_role("button", name="记录", exact=True).click()
    expect(page.locator(".flash-success")).to_have_text("发现已记录。")
    row = page.locator("#findings tr", has_text="紧急切断阀未做功能测试")
    expect(row.get_by_role("link", name="切断阀.png", exact=True)).to_be_visible()
    fits_phone(page, "the reviewer's page")
    for lang in ("zh_CN", "en"):
        page.goto(f"{live_server}/lang/{lang}?next=/reviews/assignments/{assignment_id}")
        for part in (
            "#findings tr:has(.finding-files)",
            "#finding-form .field:has(input[type=file])",
        ):
            page.locator(part).scroll_into_view_if_needed()
            name = "row" if "tr" in part else "form"
            page.screenshot(path=shots / f"finding-photo-reviewer-{name}-{lang}.png")

    _submitted_and_final(live_app, assignment_id, review_id)
    company = phone_page(COMPANY)
    for lang in ("zh_CN", "en"):
        company.goto(f"{live_server}/lang/{lang}?next=/reviews/{review_id}/final")
        named = company.get_by_role("link", name="切断阀.png", exact=True)
        link = company.locator("main").locator(named)
        expect(link).to_be_visible()
        fits_phone(company, f"the company's result page ({lang})")
        company.locator("section.panel", has=named).screenshot(
            path=shots / f"finding-photo-company-{lang}.png"
        )
        response = company.request.get(live_server + str(link.get_attribute("href")))
        assert (response.status, response.body()) == (200, PNG)
