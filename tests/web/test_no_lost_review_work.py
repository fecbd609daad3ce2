"""Two people on one review never silently overwrite each other, and a late or repeated
click keeps what was typed on the page (settlements, decisions, finalise)."""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import Decision, Review
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world

ITEM = "MS.G1.1"


def _in_consolidation(world: ReviewWorld) -> Review:
    """Both reviews submitted; the first reviewer lowered ITEM, so it waits to be settled."""
    review = assign_all(world)[0]
    item = rubric_of(review.assessment).item_index()[ITEM]
    first = review.assignments[0]
    reviewing.save_decision(first, item, False, Decision.ADJUST, 1, "无签字", first.reviewer)
    for assignment in review.assignments:
        reviewing.accept_remaining(assignment, list(review.sample), set(), assignment.reviewer)
        reviewing.submit_assignment(assignment, assignment.reviewer)
    return review


def _seen(page: str, item_id: str) -> str:
    found = re.search(rf'id="s-{re.escape(item_id)}-seen"[^>]*value="([^"]*)"', page)
    assert found is not None, "no settlement stamp on the page"
    return found.group(1)


def _settle(
    client: FlaskClient, review: Review, level: str, reason: str, seen: str
) -> tuple[int, str]:
    response = client.post(
        f"/reviews/{review.id}/items/{ITEM}/settle",
        data={f"s-{ITEM}-level": level, f"s-{ITEM}-reason": reason, f"s-{ITEM}-seen": seen},
    )
    return response.status_code, response.get_data(as_text=True)


def test_a_settlement_made_meanwhile_is_not_overwritten_and_the_input_stays(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = _in_consolidation(world)
    db_session.commit()
    auth.login(world.lead.email)
    seen = _seen(client.get(f"/reviews/{review.id}/consolidate").get_data(as_text=True), ITEM)
    assert seen == "0"
    # The secretariat settles the item while the lead's page is open.
    settling.settle_item(review, ITEM, 3, "秘书处核实", world.secretariat, seen)
    db_session.commit()

    status, page = _settle(client, review, "2", "组长的理由", seen)
    assert status == 409
    message = html.unescape(page)
    assert f"{ITEM}：{world.secretariat.name} 在您打开本页后已保存此项" in message
    assert "等级 3，理由：秘书处核实" in message
    assert "组长的理由</textarea>" in page  # what the lead typed is still there
    assert '<option selected value="2">2</option>' in page
    db_session.expire_all()
    stored = settling.settlement_of(review, ITEM)
    assert stored is not None
    assert (stored.level, stored.reason) == (3, "秘书处核实")

    # The page is now based on the stored settlement: submitting again overwrites on purpose.
    status, _page = _settle(client, review, "2", "组长的理由", _seen(page, ITEM))
    assert status == 302
    db_session.expire_all()
    stored = settling.settlement_of(review, ITEM)
    assert stored is not None
    assert (stored.level, stored.reason) == (2, "组长的理由")


def test_a_repeated_identical_settlement_is_no_conflict(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = _in_consolidation(world)
    db_session.commit()
    auth.login(world.lead.email)
    seen = _seen(client.get(f"/reviews/{review.id}/consolidate").get_data(as_text=True), ITEM)
    assert _settle(client, review, "2", "现场核实", seen)[0] == 302
    assert _settle(client, review, "2", "现场核实", seen)[0] == 302  # a double click


def test_settling_after_the_review_was_finalised_says_so_in_english_and_quotes_the_reason(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = _in_consolidation(world)
    settling.settle_item(review, ITEM, 2, "现场核实", world.lead)
    db_session.commit()
    auth.login(world.lead.email)
    client.get("/lang/en")
    seen = _seen(client.get(f"/reviews/{review.id}/consolidate").get_data(as_text=True), ITEM)
    settling.finalise_review(review, 30, world.secretariat)  # meanwhile, elsewhere
    db_session.commit()
    status, page = _settle(client, review, "3", "A second look", seen)
    assert status == 409
    text = html.unescape(page)
    assert "This review has been finalised and can no longer be changed" in text
    assert f"Your reason for {ITEM}: A second look" in text
