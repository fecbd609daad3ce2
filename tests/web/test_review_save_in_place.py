"""An item's decision saved in place (save-in-place.js asks for JSON): the answer is the parts
of the page the save changed, with the full page's words; CSRF, the version check and the
permission stay as for the ordinary form."""

from __future__ import annotations

import html
import re
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.reviews import reviewing
from rcapp.reviews.models import Decision, ReviewAssignment
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world

ITEM = "MS.G1.1"
JSON = {"Accept": "application/json"}


def _seen(page: str) -> str:
    found = re.search(rf'id="d-{re.escape(ITEM)}-seen"[^>]*value="([^"]*)"', page)
    assert found is not None, "no decision stamp"
    return found.group(1)


def _open(client: FlaskClient, db_session: Session, auth: AuthActions) -> ReviewAssignment:
    assignment = assign_all(make_review_world(5))[0].assignments[0]
    db_session.commit()
    auth.login(assignment.reviewer.email)
    return assignment


def _save(client: FlaskClient, assignment: ReviewAssignment, seen: str, **typed: str) -> Any:
    data = {f"d-{ITEM}-{name}": value for name, value in typed.items()}
    return client.post(
        f"/reviews/assignments/{assignment.id}/items/{ITEM}",
        data={**data, f"d-{ITEM}-seen": seen},
        headers=JSON,
    )


def _stored(db_session: Session, assignment: ReviewAssignment) -> tuple[object, ...] | None:
    db_session.expire_all()
    found = reviewing.decision_of(assignment, ITEM)
    return None if found is None else (found.decision, found.level, found.reason)


def test_a_save_in_place_answers_the_item_with_its_echo_and_the_counts(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assignment = _open(client, db_session, auth)
    page = client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True)
    response = _save(client, assignment, _seen(page), decision="adjust", level="2", reason="签字缺")
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["status"] == "saved"
    assert set(answer["parts"]) == {f"item-{ITEM}", "review-status", "review-progress"}
    item = html.unescape(answer["parts"][f"item-{ITEM}"])
    assert item.startswith(f'<div class="item review-item" id="item-{ITEM}"')
    assert (
        f'<p class="flash flash-success saved-here" role="status">{ITEM} 的评审结论已保存。</p>'
        in item
    )
    assert "已给结论" in item
    assert _seen(item) != _seen(page)  # the next save of this item is based on this one
    assert "抽查项已给出结论：" in html.unescape(answer["parts"]["review-progress"])
    assert 'id="review-status"' in answer["parts"]["review-status"]
    assert len(response.get_data()) < len(page.encode()) / 3  # the point: a small answer
    assert _stored(db_session, assignment) == (Decision.ADJUST, 2, "签字缺")
    # the echo was said in the answer: not again on the next page
    again = client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True)
    assert "的评审结论已保存" not in again


def test_a_refused_field_is_answered_in_place_in_english_with_nothing_saved(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assignment = _open(client, db_session, auth)
    auth.choose_language("en")
    page = client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True)
    response = _save(client, assignment, _seen(page), decision="adjust", level="2", reason="")
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["status"] == "refused"
    item = answer["parts"][f"item-{ITEM}"]
    assert "has-error" in item
    assert 'aria-invalid="true"' in item
    assert '<option selected value="2">2</option>' in item  # as typed
    assert f"{ITEM}: please give a reason." in item
    assert "saved-here" not in item
    assert _stored(db_session, assignment) is None


def test_a_save_meanwhile_is_a_conflict_in_place_and_nothing_is_lost(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assignment = _open(client, db_session, auth)
    seen = _seen(client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True))
    item = rubric_of(assignment.review.assessment).item_index()[ITEM]
    reviewing.save_decision(
        assignment, item, False, Decision.ADJUST, 1, "无签字", assignment.reviewer, seen
    )
    db_session.commit()

    response = _save(client, assignment, seen, decision="adjust", level="2", reason="我的理由")
    assert response.status_code == 409
    answer = response.get_json()
    assert answer["status"] == "conflict"
    text = html.unescape(answer["parts"][f"item-{ITEM}"])
    assert f"{ITEM}：您在打开本页后已在其他窗口保存过此项" in text
    assert "结论：调整等级，等级 1，理由：无签字" in text
    assert "我的理由</textarea>" in text
    assert _stored(db_session, assignment) == (Decision.ADJUST, 1, "无签字")
    # sent again from the answer's stamp: saved on purpose
    again = _save(client, assignment, _seen(text), decision="adjust", level="2", reason="我的理由")
    assert again.get_json()["status"] == "saved"
    assert _stored(db_session, assignment) == (Decision.ADJUST, 2, "我的理由")


def test_a_save_in_place_keeps_the_csrf_check(
    app: Any, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assignment = _open(client, db_session, auth)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = _save(client, assignment, "0", decision="accept")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code in (200, 400)
    assert (response.get_json() or {}).get("status") != "saved"
    assert _stored(db_session, assignment) is None


def test_someone_not_assigned_is_refused_in_place_as_before(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    assignment = assign_all(world)[0].assignments[0]
    db_session.commit()
    auth.login(world.members[0].email)  # the company's own member
    response = _save(client, assignment, "0", decision="accept")
    assert response.status_code == 403
    assert response.get_json() is None  # the error page: the script sends the form as before
    assert _stored(db_session, assignment) is None


def test_without_the_json_ask_a_save_still_reloads_the_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assignment = _open(client, db_session, auth)
    response = client.post(
        f"/reviews/assignments/{assignment.id}/items/{ITEM}",
        data={f"d-{ITEM}-decision": "accept", f"d-{ITEM}-seen": "0"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#item-{ITEM}")
