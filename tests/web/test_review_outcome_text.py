"""The company's side of a final review: what it types when appealing or closing an action.

Control characters (NUL above all, which PostgreSQL refuses in text) are dropped as in
every other form, so a reason of nothing but control characters counts as empty.
"""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reviews import reviewing
from rcapp.reviews.models import ActionStatus, Finding, FindingKind, Review
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_and_finalise


def _status(finding: Finding) -> ActionStatus | None:
    return finding.action_status  # read afresh after each request


def _finalised(world: ReviewWorld) -> tuple[Review, Finding]:
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
    submit_and_finalise(review, world.lead)
    return review, action


def test_an_appeal_of_control_characters_only_is_refused_as_empty(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review, _action = _finalised(world)
    db_session.commit()
    auth.login(world.members[0].email)

    page = client.post(f"/reviews/{review.id}/appeal", data={"reason": "\x00\x01 "})

    assert "请填写申诉理由。" in page.get_data(as_text=True)
    db_session.refresh(review)
    assert review.appeals == []
    client.post(f"/reviews/{review.id}/appeal", data={"reason": "证据\x00已补充"})
    db_session.refresh(review)
    assert [a.reason for a in review.appeals] == ["证据已补充"]


def test_closing_evidence_is_stored_without_control_characters(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    _review, action = _finalised(world)
    db_session.commit()
    auth.login(world.members[0].email)
    field = f"c-{action.id}-evidence"

    empty = client.post(f"/reviews/findings/{action.id}/close", data={field: "\x00"})

    assert "请说明整改证据。" in empty.get_data(as_text=True)
    db_session.refresh(action)
    assert _status(action) is ActionStatus.OPEN
    client.post(f"/reviews/findings/{action.id}/close", data={field: "签字版\x00 QS-01"})
    db_session.refresh(action)
    assert _status(action) is ActionStatus.CLOSED
    assert action.closing_evidence == "签字版 QS-01"


def test_the_home_page_shows_the_final_rating_the_result_page_shows(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # Not the stars of the self answers recomputed: the final rating, labelled as such.
    world = make_review_world(5)
    review, _action = _finalised(world)
    db_session.commit()
    auth.login(world.members[0].email)
    assert review.final_stars is not None

    home = client.get("/").get_data(as_text=True)
    result = client.get(f"/assessments/{review.assessment_id}/result").get_data(as_text=True)

    assert f"经同行评审的最终星级：{review.final_stars} 星" in home
    assert "按目前的答案为" not in home
    assert "最终结果（经同行评审）" in result
    assert f"<span>{review.final_stars} 星</span>" in result
