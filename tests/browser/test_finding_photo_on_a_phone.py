"""A reviewer on site attaches a photo to a finding from a 390-pixel phone; once the review
is final the company sees it on its result page. Its own demo database: the shared one's
xiling-chem review belongs to the review journey (test_review_journey.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.reviews import reviewing, settling
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewAssignment, ReviewKind
from tests.browser.conftest import PAGE_WIDTH, PHONE, PhonePage, build_demo, make_live_app, serve

REVIEWER = "reviewer.huang@demo.example.cn"  # 黄磊, reviewer of the process-safety group
LEAD = "ps.lead@demo.example.cn"
COMPANY = "xiling-chem.admin@demo.example.cn"  # 西岭化工: 2025 submitted, not yet reviewed
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return make_live_app(tmp_path_factory.mktemp("finding-photo"))


@pytest.fixture(scope="module")
def live_server(live_app: Flask) -> Iterator[str]:
    yield from serve(live_app)


@pytest.fixture(scope="module")
def demo_world(live_app: Flask) -> dict[str, int]:
    return build_demo(live_app)


def _user(email: str) -> User:
    return db.session().scalars(select(User).where(User.email == email)).one()


def _assigned(live_app: Flask, assessment_id: int) -> tuple[int, int]:
    """Have the lead assign 黄磊, who accepts every item; return (assignment, review) ids."""
    with live_app.app_context():
        assessment = db.session().get(Assessment, assessment_id)
        assert assessment is not None
        reviewer = _user(REVIEWER)
        review = review_services.assign_reviewers(
            assessment, ReviewKind.DESK, [reviewer], _user(LEAD)
        )
        assignment = review.assignments[0]
        reviewing.accept_remaining(assignment, list(review.sample), set(), reviewer)
        db.session().commit()
        return assignment.id, review.id


def _submitted_and_final(live_app: Flask, assignment_id: int, review_id: int) -> None:
    with live_app.app_context():
        assignment = db.session().get(ReviewAssignment, assignment_id)
        assert assignment is not None
        reviewing.submit_assignment(assignment, assignment.reviewer)
        settling.finalise_review(assignment.review, 30, _user(LEAD))
        db.session().commit()


def _fits(page: Page, what: str) -> None:
    page.wait_for_load_state("load")
    width = page.evaluate(PAGE_WIDTH)
    assert width <= PHONE["width"], f"{what} is {width}px wide on a 390px phone"


def test_a_photo_attached_on_a_phone_reaches_the_company(
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    phone_page: PhonePage,
    tmp_path: Path,
) -> None:
    shots = Path(os.environ.get("RCAPP_SHOTS") or tmp_path)  # to look at; not kept
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
    _fits(page, "the reviewer's page")
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
        _fits(company, f"the company's result page ({lang})")
        company.locator("section.panel", has=named).screenshot(
            path=shots / f"finding-photo-company-{lang}.png"
        )
        response = company.request.get(live_server + str(link.get_attribute("href")))
        assert (response.status, response.body()) == (200, PNG)
