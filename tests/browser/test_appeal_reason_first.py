"""An appeal with no reason is refused before any question (qa90 #2).

The appeal form is checked by the server (novalidate), and its button asks "每个最终评级只能
申诉一次……确定提出申诉？". With the reason left empty the question came first and a "确定"
only brought back "请填写申诉理由。": a solemn yes that did nothing. The empty form now goes
without the question and is refused, in the page's language; a filled one is still asked.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from rcapp import db
from rcapp.organisations.models import Organisation
from rcapp.reviews.models import Review
from tests.browser.confirm_dialog import answer_confirm

ADMIN = "haicheng-agro.admin@demo.example.cn"


def _final_review_id(live_app: Flask) -> int:
    with live_app.app_context():
        company = (
            db.session()
            .scalars(select(Organisation).where(Organisation.name_zh == "海澄农化股份有限公司"))
            .one()
        )
        return next(
            r.id
            for r in db.session().scalars(select(Review))
            if r.assessment.organisation_id == company.id and r.is_final
        )


def test_an_empty_appeal_is_refused_without_the_question(
    page: Page,
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
) -> None:
    review_id = _final_review_id(live_app)
    log_in(page, ADMIN)
    page.goto(f"{live_server}/reviews/{review_id}/final#appeal")
    form = page.locator("#appeal-form")
    form.get_by_role("button", name="提出申诉").click()
    expect(page.locator("#appeal-form")).to_contain_text("请填写申诉理由。")
    expect(page.locator("#confirm-dialog")).to_be_hidden()  # nothing was asked

    reason = page.locator("#appeal-form textarea[name=reason]")
    reason.fill("C3.E2.3 的环评批复已提供，请复核。")
    page.locator("#appeal-form").get_by_role("button", name="提出申诉").click()
    assert "只能申诉一次" in answer_confirm(page, accept=False)  # a filled one is asked
    expect(reason).to_have_value("C3.E2.3 的环评批复已提供，请复核。")
