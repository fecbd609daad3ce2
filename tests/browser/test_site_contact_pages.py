"""The site address and contact on the pages that show them, zh and en, laptop and phone.

An on-site review of 西岭化工 (its own demo database: the shared one's xiling-chem review
belongs to the review journey): the reviewer's assignment page says where to go and whom to
call; with the phone removed, the company's admin is reminded on the home page and fills it
in on the profile page, a wrong number refused with the field named.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from playwright.sync_api import Page, expect

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewKind
from tests.browser.conftest import OpenPage, PhonePage, demo_user, fits_phone, own_demo

REVIEWER = "reviewer.huang@demo.example.cn"  # 黄磊
SECOND = "reviewer.lin@demo.example.cn"  # 林静
LEAD = "ps.lead@demo.example.cn"
COMPANY = "xiling-chem.admin@demo.example.cn"  # 西岭化工: 2025 submitted, not yet reviewed

live_app, live_server, demo_world = own_demo("site-contact")


def _onsite(live_app: Flask, assessment_id: int) -> int:
    """Have the lead arrange an on-site review; return 黄磊's assignment id."""
    with live_app.app_context():
        assessment = db.session().get(Assessment, assessment_id)
        assert assessment is not None
        reviewers = [demo_user(REVIEWER), demo_user(SECOND)]
        review = review_services.assign_reviewers(
            assessment, ReviewKind.ONSITE, reviewers, demo_user(LEAD)
        )
        db.session().commit()
        return next(a.id for a in review.assignments if a.reviewer.email == REVIEWER)


def _clear_phone(live_app: Flask, assessment_id: int) -> int:
    """Remove the company's phone (as if never entered); return the organisation's id."""
    with live_app.app_context():
        assessment = db.session().get(Assessment, assessment_id)
        assert assessment is not None
        assessment.organisation.contact_phone = None
        db.session().commit()
        return assessment.organisation_id


def _both_languages(page: Page, base: str, path: str, shots: Path, name: str) -> None:
    for lang in ("zh_CN", "en"):
        page.goto(f"{base}/lang/{lang}?next={path}")
        page.screenshot(path=str(shots / f"{name}-{lang}.png"), full_page=True)


def test_the_reviewer_sees_where_to_go_and_the_admin_fills_in_a_missing_phone(
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    phone_page: PhonePage,
    desktop_page: OpenPage,
    shots: Path,
) -> None:
    assessment_id = demo_world["xiling-chem"]
    assignment_id = _onsite(live_app, assessment_id)
    path = f"/reviews/assignments/{assignment_id}"
    for open_page, size in ((desktop_page, "1280"), (phone_page, "390")):
        page = open_page(REVIEWER)
        page.goto(f"{live_server}{path}")
        contact = page.locator("#assignment-contacts .site-contact")
        expect(contact.first).to_have_text("现场评审地点：山东省淄博市临淄区西岭路 2 号")
        expect(contact.nth(1)).to_contain_text("联系人：刘勇，138-0000-0109")
        if size == "390":
            fits_phone(page, "the reviewer's page")
        _both_languages(page, live_server, path, shots, f"site-contact-review-{size}")

    organisation_id = _clear_phone(live_app, assessment_id)
    edit = f"/organisations/{organisation_id}/edit"
    for open_page, size in ((desktop_page, "1280"), (phone_page, "390")):
        page = open_page(COMPANY)
        page.goto(f"{live_server}/")
        reminder = page.locator("#site-contact-reminder-panel")
        expect(reminder).to_contain_text("已安排现场评审")
        expect(reminder.locator("a")).to_have_attribute("href", f"{edit}#site-contact")
        _both_languages(page, live_server, "/", shots, f"site-contact-home-{size}")
        for lang, refused in (("zh_CN", "联系电话格式不正确"), ("en", "Contact phone: enter")):
            page.goto(f"{live_server}/lang/{lang}?next={edit}")
            page.fill("input[name=contact_phone]", "8888123")
            page.locator("#organisation-form button[type=submit]").last.click()
            expect(page.locator("#site-contact")).to_contain_text(refused)
            if size == "390":
                fits_phone(page, "the profile page")
            page.locator("#site-contact").screenshot(
                path=str(shots / f"site-contact-form-{size}-{lang}.png")
            )
    page = desktop_page(COMPANY)
    page.goto(f"{live_server}/lang/zh_CN?next={edit}")
    page.fill("input[name=contact_phone]", "0533-7000010 转 8")
    page.locator("#organisation-form button[type=submit]").last.click()
    expect(page.locator("#contact-phone")).to_have_text("0533-7000010-8")
    _both_languages(
        page, live_server, f"/organisations/{organisation_id}", shots, "site-contact-detail-1280"
    )
    page.goto(f"{live_server}/")
    expect(page.locator("#site-contact-reminder-panel")).to_have_count(0)
