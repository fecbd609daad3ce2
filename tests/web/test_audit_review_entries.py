"""What the audit log keeps of peer-review work (QA47 D4, D5, D8, S5, S8, S10, S11).

Accepted levels (a yes/no item's as 是 / 否), the levels a lead settles between, the
rating a finalisation or an appeal replaces, corrective actions by item, text and status,
findings with their owner and due date, reviewers by name and e-mail.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.audit.models import AuditEntry
from rcapp.clock import beijing_today
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import Decision, FindingKind, Review, ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world

YES_NO = "MS.G1.2"  # a yes/no item, answered 1 (是)


def _entries(db_session: Session, action: str) -> list[AuditEntry]:
    statement = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    return list(db_session.scalars(statement))


def _stored(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def _audit_text(client: FlaskClient, auth: AuthActions, world: ReviewWorld, lang: str) -> str:
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    page = client.get("/audit/").get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(page)))


def _desk_review(world: ReviewWorld) -> Review:
    return assign_all(world, ReviewKind.DESK)[0]


@pytest.mark.parametrize(
    ("lang", "yes_line", "count_line", "listed"),
    [
        ("zh", "答案（是/否）: 是", "其余 2 项接受自评等级", "MS.G1.1 "),
        (
            "en",
            "Answer (yes/no): Yes",
            "2 remaining items accepted at their self-assessed levels",
            "MS.G1.1 ",
        ),
    ],
)
def test_accepting_records_the_level_accepted_a_yes_no_item_as_yes(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    yes_line: str,
    count_line: str,
    listed: str,
) -> None:
    world = make_review_world(5)
    review = _desk_review(world)
    first = review.assignments[0]
    item = rubric_of(review.assessment).item_index()[YES_NO]
    reviewing.save_decision(first, item, False, Decision.ACCEPT, None, "", first.reviewer)
    reviewing.accept_remaining(first, ["MS.G1.1", "C1.E1.1"], set(), first.reviewer)
    db_session.commit()
    [decided] = _entries(db_session, "review.decide")
    assert _stored(decided.after) == {"decision": "accept", "answer": True}
    [rest] = _entries(db_session, "review.accept_rest")
    assert _stored(rest.after) == {"items": 2, "levels": {"C1.E1.1": 4, "MS.G1.1": 4}}
    text = _audit_text(client, auth, world, lang)
    assert yes_line in text
    assert count_line in text  # the list folded under its count (test_audit_listed_levels)
    assert listed in text


def test_an_adjusted_yes_no_item_is_stored_as_no_with_the_accepted_yes_before(
    db_session: Session,
) -> None:
    world = make_review_world(5)
    review = _desk_review(world)
    first = review.assignments[0]
    item = rubric_of(review.assessment).item_index()[YES_NO]
    reviewing.save_decision(first, item, False, Decision.ACCEPT, None, "", first.reviewer)
    reviewing.save_decision(first, item, False, Decision.ADJUST, 0, "无文件", first.reviewer)
    entry = _entries(db_session, "review.decide")[-1]
    assert _stored(entry.before) == {"decision": "accept", "answer": True}
    assert _stored(entry.after) == {"decision": "adjust", "answer": False}


@pytest.mark.parametrize(
    ("lang", "self_line", "reviewers_line"),
    [
        ("zh", "自评等级: 4", "各评审员的等级: "),
        ("en", "Self-assessed level: 4", "Reviewers' levels: "),
    ],
)
def test_settling_records_the_self_level_and_each_reviewers_level(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    self_line: str,
    reviewers_line: str,
) -> None:
    world = make_review_world(5)
    review = _desk_review(world)
    first = review.assignments[0]
    item = rubric_of(review.assessment).item_index()["MS.G1.1"]
    reviewing.save_decision(first, item, False, Decision.ADJUST, 1, "无签字", first.reviewer)
    reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
    reviewing.submit_assignment(first, first.reviewer)
    settling.settle_item(review, "MS.G1.1", 2, "核实签字页", world.lead)
    settling.settle_item(review, "MS.G1.1", 3, "补充了签字页", world.lead)
    db_session.commit()
    first_settle, second_settle = _entries(db_session, "review.settle")
    reviewer = f"{first.reviewer.name} ({first.reviewer.email})"
    assert _stored(first_settle.before) == {"self_level": 4, "reviewer_levels": {reviewer: 1}}
    settled = _stored(first_settle.after)
    assert settled.pop("acting_as")  # the role of who settled (deputyact)
    assert settled == {"level": 2}
    assert _stored(second_settle.before)["level"] == 2  # the settled level it replaces
    text = _audit_text(client, auth, world, lang)
    assert self_line in text
    assert f"{reviewers_line}{reviewer}=1" in text


@pytest.mark.parametrize(
    ("lang", "provisional", "final"),
    [("zh", "评级: 暂定", "评级: 最终"), ("en", "Rating: Provisional", "Rating: Final")],
)
def test_finalising_records_the_rating_it_replaces_and_an_appeal_the_rating_appealed(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    provisional: str,
    final: str,
) -> None:
    world = make_review_world(5)
    review = _desk_review(world)
    first = review.assignments[0]
    reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
    reviewing.submit_assignment(first, first.reviewer)
    settling.finalise_review(review, 30, world.lead)
    [finalised] = _entries(db_session, "review.finalise")
    before = _stored(finalised.before)
    assert before["rating"] == "provisional"
    assert set(before) == {"rating", "overall", "stars", "capped"}
    stars, overall = review.final_stars, review.final_score
    appeal = settling.file_appeal(review, "评级有误", beijing_today(), world.members[0])
    [appealed] = _entries(db_session, "appeal.file")
    rating = {"rating": "final", "overall": str(overall), "stars": stars}
    assert _stored(appealed.before) == rating
    settling.decide_appeal(appeal, True, "证据充分", world.secretariat)
    settling.finalise_review(review, 30, world.lead)
    again = _entries(db_session, "review.finalise")[-1]
    assert _stored(again.before) == rating  # the earlier final rating, not the provisional
    db_session.commit()
    text = _audit_text(client, auth, world, lang)
    assert provisional in text
    assert final in text


@pytest.mark.parametrize(
    ("lang", "named", "status"),
    [
        ("zh", "评价项: C1.E1.1 内容: 演练评估报告缺签字", "整改状态: 待整改"),
        ("en", "Item: C1.E1.1 Text: 演练评估报告缺签字", "Corrective action status: Open"),
    ],
)
def test_corrective_actions_are_named_by_item_and_text_with_their_status(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    named: str,
    status: str,
) -> None:
    world = make_review_world(5)
    review = _desk_review(world)
    first = review.assignments[0]
    due = beijing_today() + dt.timedelta(days=30)
    action = reviewing.add_finding(
        first,
        FindingKind.CORRECTIVE_ACTION,
        "演练评估报告缺签字",
        "C1.E1.1",
        "王工",
        due,
        first.reviewer,
    )
    [found] = _entries(db_session, "review.finding")
    assert _stored(found.after) == {
        "kind": "corrective_action",
        "item": "C1.E1.1",
        "text": "演练评估报告缺签字",
        "owner": "王工",
        "due_on": due.isoformat(),
    }
    reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
    reviewing.submit_assignment(first, first.reviewer)
    settling.finalise_review(review, 30, world.lead)
    settling.close_action(action, "已补签字", world.members[0])
    settling.accept_action(action, False, world.lead, "签字页不清晰")
    closed, reopened = _entries(db_session, "action.close") + _entries(db_session, "action.reopen")
    named_open = {"item": "C1.E1.1", "text": "演练评估报告缺签字", "action_status": "open"}
    assert _stored(closed.before) == named_open
    assert _stored(closed.after)["action_status"] == "closed"
    assert _stored(reopened.before)["action_status"] == "closed"
    # Sent back without a new due date: the entry says the one the action keeps (qa72 M2).
    assert _stored(reopened.after) == {"action_status": "open", "due_on": due.isoformat()}
    db_session.commit()
    text = _audit_text(client, auth, world, lang)
    assert named in text
    assert status in text
    assert "评审发现 #" not in text
    assert "Findings #" not in text


def test_a_long_corrective_action_text_is_shortened_in_the_entry() -> None:
    from rcapp.reviews.audit_values import ACTION_TEXT_CHARS, short

    shortened = short("缺" * 200)
    assert len(shortened) == ACTION_TEXT_CHARS
    assert shortened.endswith("…")
    assert short(" 两 行\n文字 ") == "两 行 文字"


@pytest.mark.parametrize(("lang", "named"), [("zh", "（{email}）"), ("en", " ({email})")])
def test_an_assigned_reviewer_is_named_by_name_and_email(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, named: str
) -> None:
    world = make_review_world(5)
    review = _desk_review(world)
    reviewer = review.assignments[0].reviewer
    entry = _entries(db_session, "review.assign")[0]
    assert _stored(entry.after)["reviewer"] == world.reviewers[1].id
    db_session.commit()
    text = _audit_text(client, auth, world, lang)
    assert reviewer.name + named.format(email=reviewer.email) in text


@pytest.mark.parametrize(
    ("lang", "yes_line", "level_one"),
    [
        ("zh", "答案（是/否）: 是", "成熟度等级: 1"),
        ("en", "Answer (yes/no): Yes", "Maturity level: 1"),
    ],
)
def test_a_companys_yes_no_answers_read_yes_in_the_log_not_level_one(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    yes_line: str,
    level_one: str,
) -> None:
    world = make_review_world(1)  # MS.G1.2 (yes/no) and the prerequisite P1 answered 1
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    page = client.get("/audit/?action=answer.update").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(page)))
    assert f"{YES_NO} " in text
    assert text.count(yes_line) == 2  # MS.G1.2 and P1
    assert level_one not in text
    assert level_one.replace("1", "4") in text  # MS.G1.1, a maturity item, keeps its level
