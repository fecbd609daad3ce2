"""A reviewer declines a review with a reason; the lead sees it on the assign page.

Then the reviewer's declared conflict is withdrawn from /reviews/conflicts, asked first in
the page. Screenshots at 1,280 and 390 pixels, zh and en ($RCAPP_SHOTS). Its own demo
database.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.reviews import services as review_services
from tests.browser.conftest import (
    OpenPage,
    assign_desk_review,
    demo_user,
    own_demo,
    shoot_laptop_and_phone,
)

REVIEWER = "reviewer.huang@demo.example.cn"
LEAD = "ps.lead@demo.example.cn"
NOTE = "十月在外地参加装置开车，两周内无法审阅证据"
WORDS = {
    "zh_CN": ("无法承担此评审", "确认谢绝此评审", "时间冲突", "谢绝评审的评审员", "确认撤销申报"),
    "en": (
        "Decline this review",
        "Decline this review",
        "Schedule conflict",
        "Reviewers who declined",
        "Withdraw the declaration",
    ),
}

live_app, live_server, demo_world = own_demo("decline-journey")


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_reviewer_declines_and_the_lead_sees_why(
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    desktop_page: OpenPage,
    shots: Path,
    lang: str,
) -> None:
    link, confirm, cause, panel, _withdraw = WORDS[lang]
    with live_app.app_context():
        assignment = assign_desk_review(demo_world["xiling-chem"], REVIEWER, LEAD)
        assignment_id, assessment_id = assignment.id, assignment.review.assessment_id
        db.session().commit()
    page = desktop_page(REVIEWER)
    page.goto(f"{live_server}/lang/{lang}?next=/reviews/assignments/{assignment_id}")
    page.wait_for_load_state("load")
    shoot_laptop_and_phone(
        page,
        shots,
        f"decline-link-{lang}",
        "the review page",
        in_view=page.locator("#decline-link"),
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click(f"#decline-link a:has-text('{link}')")
    page.wait_for_url(f"**/assignments/{assignment_id}/decline")
    page.select_option("select[name=cause]", "time")
    page.fill("textarea[name=note]", NOTE)
    shoot_laptop_and_phone(page, shots, f"decline-page-{lang}", "the decline page", full_page=True)
    page.click(f"main button[type=submit]:has-text('{confirm}')")
    page.wait_for_url("**/reviews/")
    assert f'/reviews/assignments/{assignment_id}"' not in page.content()

    lead = desktop_page(LEAD)
    lead.goto(f"{live_server}/lang/{lang}?next=/reviews/assessments/{assessment_id}/assign")
    lead.wait_for_load_state("load")
    declines = lead.locator("#declines")
    text = declines.inner_text()
    assert NOTE in text
    assert cause in text
    assert panel in lead.inner_text("#declined")
    shoot_laptop_and_phone(
        lead, shots, f"decline-assign-{lang}", "the assign page", in_view=declines
    )


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_declared_conflict_is_withdrawn_after_asking(
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    desktop_page: OpenPage,
    shots: Path,
    lang: str,
) -> None:
    *_rest, withdraw = WORDS[lang]
    with live_app.app_context():
        reviewer = demo_user(REVIEWER)
        assessment = db.session().get(Assessment, demo_world["xiling-chem"])
        assert assessment is not None
        organisation = assessment.organisation
        review_services.declare_conflict(reviewer, organisation, "误选了单位", reviewer)
        db.session().commit()
    page = desktop_page(REVIEWER)
    page.goto(f"{live_server}/lang/{lang}?next=/reviews/conflicts")
    page.wait_for_load_state("load")
    page.locator("button.withdraw-declaration").first.click()
    page.wait_for_selector("#confirm-withdraw")
    shoot_laptop_and_phone(
        page, shots, f"conflict-withdraw-{lang}", "the conflicts page", full_page=True
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click(f"#confirm-withdraw button:has-text('{withdraw}')")
    page.wait_for_url("**/reviews/conflicts")
    assert "误选了单位" not in page.content()
