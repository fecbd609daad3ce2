"""The lead's consolidation page lists every submitted finding; the lead edits or drops one.

qa (leadfindings) #1: the map and the finalise confirmation listed no findings, so a
corrective action went to the company unreviewed; #2: the reviewer could not correct her
finding; #3: her submitted review showed her decisions without their reasons.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.reviews import reviewing
from rcapp.reviews.consolidation import self_verdicts
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.finding_gone import finding_stamp
from rcapp.reviews.models import Decision, Finding, FindingKind
from tests.conftest import AuthActions
from tests.factories_reviews import FINDING_ITEM as ITEM
from tests.factories_reviews import make_review_world, submitted_with_finding, with_finding


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _as(client: FlaskClient, auth: AuthActions, email: str, lang: str) -> None:
    auth.login(email)
    client.get(f"/lang/{lang}")


ATTENTION = {"zh": "已裁定为单位的自评等级", "en": "settled at the organisation's own level"}
SENT = {"zh": "将发给单位的评审发现", "en": "Findings the organisation will receive"}
DROPPED = {"zh": "已删去，不发给单位", "en": "Dropped: not sent to the organisation"}
NO_REASON = {"zh": "请填写删去理由。", "en": "Please give the reason for dropping it."}
STALE = {"zh": "已被他人修改或删去", "en": "changed or dropped by someone else"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_map_lists_the_findings_and_marks_an_action_on_an_item_settled_at_self(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review, action = submitted_with_finding(world, settle_at_self=True)
    db_session.commit()
    _as(client, auth, world.lead.email, lang)
    page = client.get(f"/reviews/{review.id}/consolidate").get_data(as_text=True)
    listed = _text(page.split(f'id="finding-{action.id}"')[1].split("</li>")[0])
    assert "演练报告缺签字" in listed
    assert ITEM in listed
    assert "王工" in listed
    assert review.assignments[0].reviewer.name in listed
    assert ATTENTION[lang] in listed


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_lead_edits_then_drops_and_the_confirmation_lists_what_goes(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review, action = submitted_with_finding(world)
    strength = Finding(
        review_id=review.id,
        assignment_id=review.assignments[1].id,
        kind=FindingKind.STRENGTH,
        text="应急演练组织有序",
    )
    db_session.add(strength)
    db_session.commit()
    _as(client, auth, world.lead.email, lang)
    p = f"finding-{action.id}-"
    edited = client.post(
        f"/reviews/{review.id}/findings/{action.id}/edit",
        data={
            p + "text": "演练报告缺签字",
            p + "owner": "李工",
            p + "due_on": "2027-09-30",
            p + "seen": finding_stamp(action),
        },
    )
    assert edited.status_code == 302
    db_session.expire_all()
    assert action.owner == "李工"
    assert action.due_on == dt.date(2027, 9, 30)
    confirm = _text(client.get(f"/reviews/{review.id}/finalise").get_data(as_text=True))
    assert SENT[lang] in confirm
    assert "李工" in confirm
    assert "应急演练组织有序" in confirm
    d = f"drop-{strength.id}-"
    url = f"/reviews/{review.id}/findings/{strength.id}/drop"
    refused = client.post(url, data={d + "reason": "", d + "seen": finding_stamp(strength)})
    assert refused.status_code == 422
    assert NO_REASON[lang] in refused.get_data(as_text=True)
    dropped = client.post(
        url, data={d + "reason": "与另一条重复", d + "seen": finding_stamp(strength)}
    )
    assert dropped.status_code == 302
    db_session.expire_all()
    assert strength.dropped_reason == "与另一条重复"
    confirm = client.get(f"/reviews/{review.id}/finalise").get_data(as_text=True)
    sent = _text(confirm.split('id="sent-findings"')[1].split("</section>")[0])
    assert "李工" in sent
    assert "应急演练组织有序" not in sent
    # The reviewer sees it was dropped, and why.
    auth.logout()
    _as(client, auth, review.assignments[1].reviewer.email, lang)
    own = _text(
        client.get(f"/reviews/assignments/{review.assignments[1].id}").get_data(as_text=True)
    )
    assert "与另一条重复" in own


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_stale_edit_is_refused_and_the_input_kept(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review, action = submitted_with_finding(world)
    shown = finding_stamp(action)
    action.owner = "赵工"  # the deputy saved meanwhile
    db_session.commit()
    _as(client, auth, world.lead.email, lang)
    p = f"finding-{action.id}-"
    answer = client.post(
        f"/reviews/{review.id}/findings/{action.id}/edit",
        data={
            p + "text": "我的新写法",
            p + "owner": "李工",
            p + "due_on": "2027-09-30",
            p + "seen": shown,
        },
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 409
    assert STALE[lang] in page
    assert "我的新写法" in page
    db_session.expire_all()
    assert action.owner == "赵工"
    assert action.text == "演练报告缺签字"


def test_only_the_groups_lead_may_change_a_finding(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review, action = submitted_with_finding(world)
    db_session.commit()
    d = f"drop-{action.id}-"
    data = {d + "reason": "不需要", d + "seen": finding_stamp(action)}
    url = f"/reviews/{review.id}/findings/{action.id}/drop"
    for email in (review.assignments[0].reviewer.email, world.members[0].email):
        auth.login(email)
        assert client.post(url, data=data).status_code == 403
        auth.logout()
    db_session.expire_all()
    assert not action.is_dropped


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_reviewer_edits_her_finding_and_later_sees_her_reasons(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review, action = with_finding(world, text="缺签字", owner="王公")
    first = review.assignments[0]
    rubric = rubric_of(review.assessment)
    own = self_verdicts(self_scorecard(review.assessment, rubric))[ITEM]
    item = rubric.item_index()[ITEM]
    level = 0 if own != 0 else 1
    reviewing.save_decision(
        first, item, False, Decision.ADJUST, level, "记录不完整", first.reviewer
    )
    db_session.commit()
    _as(client, auth, first.reviewer.email, lang)
    p = f"f{action.id}-"
    url = f"/reviews/assignments/{first.id}/findings/{action.id}/edit"
    base = {
        p + "kind": "corrective_action",
        p + "item_id": ITEM,
        p + "text": "缺签字",
        p + "seen": finding_stamp(action),
    }
    refused = client.post(url, data={**base, p + "owner": "王工", p + "due_on": ""})
    assert refused.status_code == 422
    assert ("须整改项必须填写完成期限" if lang == "zh" else "due date") in refused.get_data(
        as_text=True
    )
    saved = client.post(url, data={**base, p + "owner": "王工", p + "due_on": "2027-06-30"})
    assert saved.status_code == 302
    db_session.expire_all()
    assert action.owner == "王工"
    reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
    reviewing.submit_assignment(first, first.reviewer)
    db_session.commit()
    section = ITEM.split(".")[0]
    page = client.get(f"/reviews/assignments/{first.id}?section={section}").get_data(as_text=True)
    assert "记录不完整" in _text(page.split(f'id="item-{ITEM}"')[1])
