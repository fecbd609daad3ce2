"""A rating under appeal lowered by a resubmission, in a real browser, in both languages.

海澄农化's 2025 final rating (demo: peer-reviewed) is appealed and the appeal upheld: the
earlier final rating stays of record. The secretariat returns the assessment, the company
registers a fatal accident and resubmits on the overview: the message after the submit names
the lowered final rating and why; the result page and the history page say it, in Chinese
and in English. Screenshots go to RCAPP_SCREENSHOTS when set (for a person to look at).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments import services
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.demo import world
from rcapp.reviews import settling
from rcapp.reviews.models import Review
from tests.browser.confirm_dialog import answer_confirm
from tests.browser.conftest import OpenPage
from tests.factories_reviews import FATAL_ACCIDENT

COMPANY = "haicheng-agro"  # no other browser test uses its 2025 assessment
ADMIN = f"{COMPANY}.admin@{world.DOMAIN}"
SECRETARIAT = f"secretariat@{world.DOMAIN}"


def _user(email: str) -> User:
    return db.session().scalars(select(User).where(User.email == email)).one()


def _returned_under_appeal(live_app: Flask, assessment_id: int) -> None:
    """Appeal the final rating, uphold it, return the assessment, register a fatal accident."""
    with live_app.app_context():
        assessment = db.session().get_one(Assessment, assessment_id)
        review = (
            db.session().scalars(select(Review).where(Review.assessment_id == assessment_id)).one()
        )
        assert review.appeal_until is not None
        admin, secretariat = _user(ADMIN), _user(SECRETARIAT)
        appeal = settling.file_appeal(review, "评级有误", review.appeal_until, admin)
        settling.decide_appeal(appeal, True, "请组长重新裁定", secretariat)
        services.return_assessment(assessment, "请补充事件登记", secretariat)
        services.add_event(assessment, rubric_of(assessment), FATAL_ACCIDENT, admin)
        db.session().commit()


def _return_again(live_app: Flask, assessment_id: int) -> None:
    with live_app.app_context():
        assessment = db.session().get_one(Assessment, assessment_id)
        services.return_assessment(assessment, "再次核对", _user(SECRETARIAT))
        db.session().commit()


def _submit(page: Page, base: str, assessment_id: int, button: str) -> None:
    page.goto(f"{base}/assessments/{assessment_id}")
    page.get_by_role("button", name=button).click()
    answer_confirm(page)  # "submit now?" confirmation
    page.wait_for_url(f"**/assessments/{assessment_id}/result")


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("RCAPP_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.mark.browser
def test_the_lowered_rating_under_appeal_is_said_after_the_submit_and_in_the_history(
    live_server: str, live_app: Flask, demo_world: dict[str, int], desktop_page: OpenPage
) -> None:
    assessment_id = demo_world[COMPANY]
    _returned_under_appeal(live_app, assessment_id)

    page = desktop_page(ADMIN)
    _submit(page, live_server, assessment_id, "提交自评")
    flash = page.locator(".flash-success")
    expect(flash).to_contain_text("星（同行评审）下调为 未评定（一票否决）：因“")
    expect(flash).not_to_contain_text("veto V")
    expect(page.locator("main")).to_contain_text("星（同行评审）→ 未评定（一票否决）")
    _shot(page, "submit-flash-zh")

    _return_again(live_app, assessment_id)
    page.goto(f"{live_server}/lang/en?next=/assessments/{assessment_id}")
    _submit(page, live_server, assessment_id, "Submit self-assessment")
    flash = page.locator(".flash-success")
    expect(flash).to_contain_text("stars (peer-reviewed) to not rated (veto): Vetoed by “")
    _shot(page, "submit-flash-en")
    page.goto(f"{live_server}/lang/zh_CN")

    secretariat = desktop_page(SECRETARIAT)
    history = f"{live_server}/assessments/{assessment_id}/history"
    secretariat.goto(history)
    table = secretariat.locator("main table")
    expect(table).to_contain_text("原因: 因“")
    expect(table).not_to_contain_text("veto V")
    _shot(secretariat, "history-zh")
    secretariat.goto(f"{live_server}/lang/en?next=/assessments/{assessment_id}/history")
    secretariat.goto(history)
    expect(secretariat.locator("main table")).to_contain_text("Vetoed by “")
    _shot(secretariat, "history-en")
    secretariat.goto(f"{live_server}/lang/zh_CN")
