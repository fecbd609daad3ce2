"""After the secretariat upholds an appeal the review is open again, and nobody loses sight
of it: the organisation keeps its result page (the decision, its findings and corrective
actions, which it may still close), the lead sees the appeal where they settle again and
on the home page.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.assessments.models import SnapshotKind
from rcapp.assessments.snapshots import find_snapshot
from rcapp.clock import beijing_today
from rcapp.reviews import reviewing, settling
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ActionStatus, Finding, FindingKind, Review
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user
from tests.factories_reviews import (
    ReviewWorld,
    assign_all,
    make_review_world,
    submit_all,
    submit_and_finalise,
)

TEXTS = {
    "zh_CN": ("申诉成立，重新评审中", "决定理由：", "关闭整改项"),
    "en": ("Appeal upheld, in review again", "Reason for the decision:", "Close the corrective"),
}


def _text(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def _reopened(db_session: Session) -> tuple[ReviewWorld, Review, Finding]:
    """Company 0's final review with an action the lead sent back; its appeal upheld."""
    world = make_review_world(5)
    review = assign_all(world)[0]
    first = review.assignments[0]
    action = reviewing.add_finding(
        first,
        FindingKind.CORRECTIVE_ACTION,
        "演练评估报告缺签字",
        "C1.E1.1",
        "王工",
        dt.date(2026, 6, 30),
        first.reviewer,
    )
    submit_all(review)
    settling.finalise_review(review, 30, world.lead)
    settling.close_action(action, "已补签", world.members[0])
    settling.accept_action(action, False, world.lead, "签字页仍缺")
    appeal = settling.file_appeal(review, "C1.E1.1 评级有误", beijing_today(), world.members[0])
    settling.decide_appeal(appeal, True, "请组长重新裁定 C1.E1.1", world.secretariat)
    db_session.commit()
    assert not review.is_final
    return world, review, action


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_organisation_keeps_its_result_page_with_the_decision(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review, action = _reopened(db_session)
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    reopened, reason, close = TEXTS[lang]

    response = client.get(f"/reviews/{review.id}/final")

    assert response.status_code == 200
    text = _text(client, f"/reviews/{review.id}/final")
    assert reopened in text
    assert reason in text
    assert "请组长重新裁定 C1.E1.1" in text
    assert "签字页仍缺" in text  # the lead's reason for sending the action back
    assert close in text
    # not the "final rating" panel: the earlier one is shown in the reopened panel (QA37 D2)
    assert 'id="rating"' not in response.get_data(as_text=True)


def test_the_organisation_can_close_the_action_again_while_reopened(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, review, action = _reopened(db_session)
    auth.login(world.members[0].email)
    data = {f"c-{action.id}-evidence": "签字页已补"}

    response = client.post(f"/reviews/findings/{action.id}/close", data=data)

    assert response.status_code == 302
    db_session.refresh(action)
    assert action.action_status is ActionStatus.CLOSED


def test_the_lead_sees_the_appeal_where_they_settle_again(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, review, _action = _reopened(db_session)
    auth.login(world.lead.email)
    for lang, upheld in (("zh_CN", "申诉成立"), ("en", "Upheld")):
        client.get(f"/lang/{lang}")
        text = _text(client, f"/reviews/{review.id}/consolidate")
        assert upheld in text
        assert "C1.E1.1 评级有误" in text
        assert "请组长重新裁定 C1.E1.1" in text


def test_a_reviewer_added_after_reopening_shows_no_draft_to_the_organisation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, review, _action = _reopened(db_session)
    extra = make_user(make_organisation(), name="新评审员")  # in no conflict with company 0
    make_group_role(extra, world.group, GroupRole.REVIEWER)
    review_services.assign_reviewers(review.assessment, review.kind, [extra], world.lead)
    added = next(a for a in review.assignments if a.reviewer_id == extra.id)
    reviewing.add_finding(added, FindingKind.STRENGTH, "尚未提交的草稿发现", None, "", None, extra)
    db_session.commit()
    auth.login(world.members[0].email)

    text = _text(client, f"/reviews/{review.id}/final")

    assert "尚未提交的草稿发现" not in text
    assert "演练评估报告缺签字" in text


EARLIER = {
    "zh_CN": ("在此之前，此前的最终星级仍是有效评级", "此前的最终星级：", "最终得分", "重新评审中"),
    "en": (
        "Until then, the earlier final rating stays the rating of record",
        "Earlier final rating:",
        "Final score",
        "In review again",
    ),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_result_page_shows_the_earlier_final_rating_of_record(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """QA37 D2: not "no final rating": the earlier one stays of record until re-rated."""
    world, review, _action = _reopened(db_session)
    kept = find_snapshot(review.assessment, SnapshotKind.APPEALED, document=False)
    assert kept is not None
    assert kept.stars is not None
    for user in (world.members[0], world.lead):
        auth.login(user.email)
        client.get(f"/lang/{lang}")
        page = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
        earlier = page.split('id="earlier-rating"')[1].split("</p>")[0]
        assert "★" * kept.stars in earlier
        text = _text(client, f"/reviews/{review.id}/final")
        until, label, score, mark = EARLIER[lang]
        assert until in text
        assert "没有最终星级" not in text
        assert "no final rating" not in text
        shown = text.split(label)[1][:80]
        assert f"{score} {kept.overall_score}" in shown
        assert mark in shown
        auth.logout()


@pytest.mark.parametrize(
    ("lang", "said"),
    [("zh_CN", "在重新定级之前，原最终评级仍是有效评级"), ("en", "stays the rating of record")],
)
def test_the_appeal_help_says_the_earlier_rating_stays_until_rated_again(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, said: str
) -> None:
    """QA37 S1: the organisation reads it before filing, as the secretariat does."""
    world = make_review_world(5)
    review = assign_all(world)[0]
    submit_and_finalise(review, world.lead)
    db_session.commit()
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
    rules = page.split('id="appeal-rules"')[1].split("</p>")[0]
    assert said in html.unescape(rules)
