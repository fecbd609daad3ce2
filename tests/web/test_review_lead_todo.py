"""The lead's home page lists what waits for them: corrective actions to confirm, reviews
whose reviewers have all submitted (to settle and finalise), reviews reopened by an upheld
appeal, and submissions without reviewers; each links to the page where it is done.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.reviews import reviewing, settling
from rcapp.reviews import services as review_services
from rcapp.reviews.models import FindingKind, Review, ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, make_review_world, reviewers_of, submit_all

WORDS = {
    "zh_CN": ("组长待办", "整改项待确认", "待裁定并定级", "尚未指派评审员", "申诉成立"),
    "en": (
        "Lead's to-do",
        "Corrective action to accept as closed",
        "settle and finalise",
        "No reviewer",
        "Appeal upheld",
    ),
}


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _submitted(world: ReviewWorld, i: int, action: bool = False) -> Review:
    """Company i's review, every reviewer submitted; with a corrective action if asked."""
    review = review_services.assign_reviewers(
        world.assessments[i], ReviewKind.ONSITE, reviewers_of(world, i), world.lead
    )
    if action:
        first = review.assignments[0]
        reviewing.add_finding(
            first,
            FindingKind.CORRECTIVE_ACTION,
            "演练评估报告缺签字",
            "C1.E1.1",
            "王工",
            dt.date(2026, 6, 30),
            first.reviewer,
        )
    submit_all(review)
    return review


def _panel(client: FlaskClient) -> str:
    page = client.get("/").get_data(as_text=True)
    assert 'id="lead-todo"' in page
    return page.split('id="lead-todo"')[1].split("</section>")[0]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_lead_home_lists_actions_reviews_and_unassigned(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    final = _submitted(world, 0, action=True)
    action = final.findings[0]
    settling.finalise_review(final, 30, world.lead)
    settling.close_action(action, "已补签", world.members[0])
    ready = _submitted(world, 1)
    reopened = _submitted(world, 2)
    settling.finalise_review(reopened, 30, world.lead)
    appeal = settling.file_appeal(reopened, "评级有误", beijing_today(), world.members[2])
    settling.decide_appeal(appeal, True, "重新裁定", world.secretariat)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    heading, confirm, settle, unassigned, upheld = WORDS[lang]

    panel = _panel(client)
    text = _text(panel)

    assert heading in text
    assert confirm in text
    assert f"/reviews/{final.id}/final#action-{action.id}" in panel
    assert settle in text
    assert f"/reviews/{ready.id}/consolidate" in panel
    assert upheld in text
    assert f"/reviews/{reopened.id}/consolidate#appeals" in panel
    assert unassigned in text
    for i in (3, 4):
        assert f"/reviews/assessments/{world.assessments[i].id}/assign" in panel


def test_a_member_without_lead_work_sees_no_lead_panel(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    db_session.commit()
    auth.login(world.members[0].email)
    assert 'id="lead-todo"' not in client.get("/").get_data(as_text=True)
