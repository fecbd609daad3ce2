"""A save in place refused because the page has no form for it any more (submitted in
another tab, the year closed, the review finalised, the reviewer withdrawn): answered as JSON
with the full page's words and where to go on, so save-in-place.js shows them at the item
instead of sending the form a second time; nothing is stored."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.cycles.models import CycleStatus
from rcapp.reviews import reviewing
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ItemDecision, Review, ReviewAssignment
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_and_finalise

ITEM = "MS.G1.1"
JSON = {"Accept": "application/json"}
TYPED = {f"d-{ITEM}-decision": "adjust", f"d-{ITEM}-level": "1", f"d-{ITEM}-reason": "无签字"}


def _submitted(world: ReviewWorld, review: Review, mine: ReviewAssignment) -> None:
    reviewing.accept_remaining(mine, list(review.sample), set(), mine.reviewer)
    reviewing.submit_assignment(mine, mine.reviewer)


def _year_closed(world: ReviewWorld, review: Review, mine: ReviewAssignment) -> None:
    world.cycle.status = CycleStatus.CLOSED


def _finalised(world: ReviewWorld, review: Review, mine: ReviewAssignment) -> None:
    submit_and_finalise(review, world.lead)


def _withdrawn(world: ReviewWorld, review: Review, mine: ReviewAssignment) -> None:
    review_services.withdraw_assignment(mine, world.lead)


KEPT = "您为 MS.G1.1 选择的等级：1。 您为 MS.G1.1 填写的理由：无签字"
STATES: dict[str, tuple[Callable[..., None], str, str]] = {
    # meanwhile, the refusal the full page flashes, where the ordinary form leads
    "submitted": (_submitted, "您的评审已提交，不能再修改；您的输入未保存。 " + KEPT, "page"),
    "year closed": (
        _year_closed,
        "2025 年度已关闭，评审结果已冻结；如需继续，请秘书处重新开放年度。 本次操作未执行。 "
        + KEPT,
        "page",
    ),
    "finalised": (_finalised, "该评审已定级，不能再修改；您的输入未保存。 " + KEPT, "page"),
    "withdrawn": (_withdrawn, "组长", "/reviews/"),  # 组长<name> 已撤回您对…
}


def _rows(db_session: Session) -> tuple[object, ...]:
    """What a refused save must leave alone: the decisions stored and the audit log."""
    db_session.expire_all()
    decisions = db_session.scalars(select(ItemDecision).order_by(ItemDecision.id))
    audit = db_session.scalar(select(func.count()).select_from(AuditEntry))
    return tuple((d.id, d.item_id, d.decision, d.level, d.reason) for d in decisions), audit


def _meanwhile(
    db_session: Session, auth: AuthActions, state: str
) -> tuple[ReviewAssignment, int, str, str]:
    world = make_review_world(5)
    review = assign_all(world)[0]
    mine = review.assignments[0]
    assignment_id, email = mine.id, mine.reviewer.email
    db_session.commit()
    auth.login(email)
    STATES[state][0](world, review, mine)
    db_session.commit()
    page = f"/reviews/assignments/{assignment_id}"
    return mine, assignment_id, email, page


@pytest.mark.parametrize("state", list(STATES))
def test_a_save_in_place_on_a_page_closed_meanwhile_is_told_why_with_nothing_stored(
    client: FlaskClient, db_session: Session, auth: AuthActions, state: str
) -> None:
    _mine, assignment_id, _email, page = _meanwhile(db_session, auth, state)
    before = _rows(db_session)
    response = client.post(f"{page}/items/{ITEM}", data=TYPED, headers=JSON)
    assert response.status_code == 409
    answer = response.get_json()
    _set, words, location = STATES[state]
    assert answer["status"] == "reload"
    assert "parts" not in answer
    assert answer["message"].startswith(words)
    assert "无签字" in answer["message"]  # what was typed, quoted: the form is gone there
    if location == "page":
        assert answer["location"].startswith(f"{page}?section=")
        assert answer["location"].endswith(f"#item-{ITEM}")
        assert answer["link"] == "重新打开本页"
    else:
        assert answer["location"] == location
        assert answer["link"] == "我的评审任务"
    assert _rows(db_session) == before
    # Said once, in place: not flashed again on the page it leads to.
    shown = client.get(answer["location"].split("#")[0], follow_redirects=True)
    assert words not in html.unescape(shown.get_data(as_text=True))


@pytest.mark.parametrize("state", list(STATES))
def test_the_full_page_says_the_same_words(
    client: FlaskClient, db_session: Session, auth: AuthActions, state: str
) -> None:
    _mine, _assignment_id, _email, page = _meanwhile(db_session, auth, state)
    before = _rows(db_session)
    in_place = client.post(f"{page}/items/{ITEM}", data=TYPED, headers=JSON).get_json()
    response = client.post(f"{page}/items/{ITEM}", data=TYPED, follow_redirects=True)
    assert response.status_code in (200, 409)
    assert in_place["message"] in html.unescape(response.get_data(as_text=True))
    assert _rows(db_session) == before


def test_the_refusal_in_place_is_in_english_too(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _mine, _assignment_id, _email, page = _meanwhile(db_session, auth, "finalised")
    auth.choose_language("en")
    answer: Any = client.post(f"{page}/items/{ITEM}", data=TYPED, headers=JSON).get_json()
    assert answer["message"].startswith(
        "This review has been finalised and can no longer be changed; your input was not saved."
    )
    assert answer["link"] == "Open this page again"
