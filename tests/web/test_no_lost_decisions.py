"""A reviewer's decision saved in another tab (or by "accept the rest") is not overwritten by
an older page: the page is told what is stored, keeps what was typed, and decides."""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.reviews import reviewing
from rcapp.reviews.models import Decision, ReviewAssignment
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world

ITEM = "MS.G1.1"


def _seen(page: str) -> str:
    found = re.search(rf'id="d-{re.escape(ITEM)}-seen"[^>]*value="([^"]*)"', page)
    assert found is not None, "no decision stamp on the page"
    return found.group(1)


def _decide(client: FlaskClient, assignment: ReviewAssignment, seen: str, **typed: str):  # type: ignore[no-untyped-def]
    data = {f"d-{ITEM}-{name}": value for name, value in typed.items()}
    return client.post(
        f"/reviews/assignments/{assignment.id}/items/{ITEM}", data={**data, f"d-{ITEM}-seen": seen}
    )


def _stored(db_session: Session, assignment: ReviewAssignment) -> tuple[object, ...]:
    db_session.expire_all()
    found = reviewing.decision_of(assignment, ITEM)
    assert found is not None
    return found.decision, found.level, found.reason


def test_a_decision_saved_in_another_tab_is_not_overwritten_and_the_input_stays(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    assignment = assign_all(world)[0].assignments[0]
    db_session.commit()
    auth.login(assignment.reviewer.email)
    seen = _seen(client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True))
    assert seen == "0"
    # The other tab adjusts the item while this page is open.
    item = rubric_of(assignment.review.assessment).item_index()[ITEM]
    reviewing.save_decision(
        assignment, item, False, Decision.ADJUST, 1, "无签字", assignment.reviewer, seen
    )
    db_session.commit()

    response = _decide(client, assignment, seen, decision="adjust", level="2", reason="我的理由")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    text = html.unescape(page)
    assert f"{ITEM}：您在打开本页后已在其他窗口保存过此项" in text
    assert "结论：调整等级，等级 1，理由：无签字" in text
    assert "我的理由</textarea>" in page  # what was typed is still there
    assert '<option selected value="2">2</option>' in page
    assert _stored(db_session, assignment) == (Decision.ADJUST, 1, "无签字")

    # Based on the stored decision now: submitting again overwrites on purpose.
    response = _decide(
        client, assignment, _seen(page), decision="adjust", level="2", reason="我的理由"
    )
    assert response.status_code == 302
    assert _stored(db_session, assignment) == (Decision.ADJUST, 2, "我的理由")


def test_accepting_the_rest_in_another_tab_is_named_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    assignment = review.assignments[0]
    db_session.commit()
    auth.login(assignment.reviewer.email)
    client.get("/lang/en")
    seen = _seen(client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True))
    reviewing.accept_remaining(assignment, [ITEM], set(), assignment.reviewer)
    db_session.commit()

    response = _decide(
        client, assignment, seen, decision="adjust", level="1", reason="No signature"
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    text = html.unescape(page)
    assert f"{ITEM}: you saved this item in another window after this page was opened" in text
    assert "decision: Accept the self-assessed level" in text
    assert "No signature</textarea>" in page
    assert _stored(db_session, assignment) == (Decision.ACCEPT, None, None)


def test_saving_the_same_decision_twice_is_no_conflict(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    assignment = assign_all(world)[0].assignments[0]
    db_session.commit()
    auth.login(assignment.reviewer.email)
    seen = _seen(client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True))
    typed = {"decision": "adjust", "level": "1", "reason": "无签字"}
    assert _decide(client, assignment, seen, **typed).status_code == 302
    assert _decide(client, assignment, seen, **typed).status_code == 302  # a double click
