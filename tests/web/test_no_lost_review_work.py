"""Two people on one review never silently overwrite each other, and a late or repeated
click keeps what was typed on the page (settlements, decisions, finalise)."""

from __future__ import annotations

import datetime as dt
import html
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import Decision, FindingKind, Review
from tests.conftest import AuthActions
from tests.factories import make_secretariat, make_user
from tests.factories_reviews import (
    ReviewWorld,
    assign_all,
    make_review_world,
    submit_all,
    submit_and_finalise,
)
from tests.web.helpers import finalise_confirmed

ITEM = "MS.G1.1"


def _in_consolidation(world: ReviewWorld) -> Review:
    """Both reviews submitted; the first reviewer lowered ITEM, so it waits to be settled."""
    review = assign_all(world)[0]
    item = rubric_of(review.assessment).item_index()[ITEM]
    first = review.assignments[0]
    reviewing.save_decision(first, item, False, Decision.ADJUST, 1, "无签字", first.reviewer)
    submit_all(review)
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


def _finalised(world: ReviewWorld) -> Review:
    """A final review with one open corrective action (from the first reviewer)."""
    review = assign_all(world)[0]
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
    submit_and_finalise(review, world.lead)
    return review


def test_a_decision_or_finding_after_the_review_was_submitted_elsewhere_keeps_the_text(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    assignment = review.assignments[0]
    db_session.commit()
    auth.login(assignment.reviewer.email)
    # Another tab accepts the rest and submits; this tab still shows the forms.
    reviewing.accept_remaining(assignment, list(review.sample), set(), assignment.reviewer)
    reviewing.submit_assignment(assignment, assignment.reviewer)
    db_session.commit()
    response = client.post(
        f"/reviews/assignments/{assignment.id}/items/{ITEM}",
        data={f"d-{ITEM}-decision": "adjust", f"d-{ITEM}-level": "1", f"d-{ITEM}-reason": "无签字"},
    )
    assert response.status_code == 409
    page = html.unescape(response.get_data(as_text=True))
    assert "您的评审已提交，不能再修改；您的输入未保存。" in page
    assert f"您为 {ITEM} 填写的理由：无签字" in page
    response = client.post(
        f"/reviews/assignments/{assignment.id}/findings",
        data={"kind": "strength", "text": "承诺公开透明"},
    )
    assert response.status_code == 409
    assert "您填写的内容：承诺公开透明" in html.unescape(response.get_data(as_text=True))
    # Submitting again (a double click) is harmless and says so.
    again = client.post(f"/reviews/assignments/{assignment.id}/submit", follow_redirects=True)
    assert again.status_code == 200
    assert "本评审已提交，无需重复提交。" in again.get_data(as_text=True)


def test_finalising_twice_leads_to_the_final_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = _in_consolidation(world)
    settling.settle_item(review, ITEM, 2, "现场核实", world.lead)
    db_session.commit()
    auth.login(world.lead.email)
    assert finalise_confirmed(client, review.id).status_code == 302
    again = client.post(f"/reviews/{review.id}/finalise")
    assert again.status_code == 302
    assert again.headers["Location"].endswith(f"/reviews/{review.id}/final")
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "该评审已定级，无需重复操作。" in page


def test_a_corrective_action_closed_by_a_colleague_is_not_a_403_and_keeps_the_evidence(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = _finalised(world)
    action = next(f for f in review.findings if f.kind is FindingKind.CORRECTIVE_ACTION)
    colleague = make_user(world.companies[0], name="李同事")
    settling.close_action(action, "补签 PJ-07", colleague)
    db_session.commit()
    auth.login(world.members[0].email)
    client.get("/lang/en")
    response = client.post(
        f"/reviews/findings/{action.id}/close", data={f"c-{action.id}-evidence": "My evidence"}
    )
    assert response.status_code == 409
    page = html.unescape(response.get_data(as_text=True))
    assert "李同事 (Li Tongshi) has already dealt with this corrective action" in page
    # not yet closed (qa71 p12)
    assert "Marked done, awaiting acceptance by the working-group lead or deputy lead" in page
    assert "The evidence you typed was not saved: My evidence" in page
    db_session.expire_all()
    assert action.closing_evidence == "补签 PJ-07"
    auth.logout()
    # The lead accepts twice (a double click): the second says what happened.
    auth.login(world.lead.email)
    assert client.post(f"/reviews/findings/{action.id}/accept/1").status_code == 302
    again = client.post(f"/reviews/findings/{action.id}/accept/1", follow_redirects=True)
    assert again.status_code == 200
    assert "status is now: accepted as closed. Nothing was changed." in again.get_data(as_text=True)


def test_an_appeal_decided_by_another_secretary_keeps_the_typed_reason(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = _finalised(world)
    assert review.appeal_until is not None
    appeal = settling.file_appeal(review, "等级有误", review.appeal_until, world.members[0])
    other = make_secretariat(name="周秘书")
    db_session.commit()
    auth.login(world.secretariat.email)
    assert appeal.reason in client.get("/reviews/appeals").get_data(as_text=True)
    settling.decide_appeal(appeal, False, "证据不足", other)
    db_session.commit()
    response = client.post(
        f"/reviews/appeals/{appeal.id}/decide",
        data={f"a-{appeal.id}-outcome": "uphold", f"a-{appeal.id}-reason": "应当支持"},
    )
    assert response.status_code == 409
    page = html.unescape(response.get_data(as_text=True))
    assert "该申诉已由周秘书决定：申诉驳回。您的决定未保存。" in page
    assert "您填写的理由：应当支持" in page
