"""Who dropped or reworded a finding is named by role and name (finding_hands.py).

A drop read "组长已删去" / "Dropped by the lead" and its reason "Written by the lead in
Chinese" though a deputy or the secretariat may drop too; a finding the lead reworded
still read as the reviewer's words only ("Raised by ..." and "Written by the reviewer").
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, User
from rcapp.mail.models import OutboxMessage
from rcapp.reviews import lead_findings, reviewing, settling
from rcapp.reviews.finding_gone import finding_stamp
from rcapp.reviews.models import Finding, FindingKind, Review
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_all
from tests.web.written_notes import BY_LEAD, BY_REVIEWER, BY_SECRETARIAT, notes_only_in_english

DUE = dt.date(2027, 6, 30)
REASON = "与另一条重复"


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())


def _submitted(world: ReviewWorld) -> tuple[Review, Finding]:
    review = assign_all(world)[0]
    first = review.assignments[0]
    action = reviewing.add_finding(
        first,
        FindingKind.CORRECTIVE_ACTION,
        "演练报告缺签字",
        "C1.E1.1",
        "王工",
        DUE,
        first.reviewer,
    )
    # Her own correction before submitting stays her words: no "edited by" for it.
    reviewing.edit_own_finding(
        action,
        first,
        FindingKind.CORRECTIVE_ACTION,
        ("C1.E1.1", "演练报告缺负责人签字", "王工", DUE),
        first.reviewer,
        finding_stamp(action),
    )
    submit_all(review)
    return review, action


def _deputy(world: ReviewWorld) -> User:
    deputy = make_user(make_organisation(), name="郑凯")
    make_group_role(deputy, world.group, GroupRole.DEPUTY)
    return deputy


def _page(client: FlaskClient, auth: AuthActions, email: str, lang: str, url: str) -> str:
    auth.login(email)
    client.get(f"/lang/{lang}")
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.get_data(as_text=True)
    auth.logout()
    return page


def _finding(page: str, finding: Finding, end: str) -> str:
    return page.split(f'id="finding-{finding.id}"', 1)[1].split(end, 1)[0]


DEPUTY_DROPPED = {
    "zh_CN": "副组长郑凯已删去，不发给单位",
    "en": "Dropped by the deputy lead, 郑凯 (Zheng Kai): not sent to the organisation",
}
DEPUTY_WROTE = "Written by the deputy lead in Chinese; shown as written."


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_deputy_s_drop_is_named_as_the_deputy_s_on_the_reviewer_s_and_the_lead_s_pages(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review, action = _submitted(world)
    lead_findings.drop_finding(review, action, REASON, _deputy(world), finding_stamp(action))
    db_session.commit()
    first = review.assignments[0]

    mine = _page(client, auth, first.reviewer.email, lang, f"/reviews/assignments/{first.id}")
    row = _finding(mine, action, "</tr>")
    assert DEPUTY_DROPPED[lang] in _text(row)
    assert "组长已删去" not in row
    assert "by the lead" not in row
    notes_only_in_english(row, lang, DEPUTY_WROTE)
    assert BY_LEAD not in row

    lead_map = _page(client, auth, world.lead.email, lang, f"/reviews/{review.id}/consolidate")
    item = _finding(lead_map, action, "</li>")
    assert DEPUTY_DROPPED[lang] in _text(item)
    assert BY_LEAD not in item


SECRETARIAT_DROPPED = {
    "zh_CN": "秘书处王强已删去，不发给单位",
    "en": "Dropped by 王强 (Wang Qiang) of the secretariat: not sent to the organisation",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_secretariat_s_drop_is_named_after_the_review_is_final(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review, action = _submitted(world)
    world.secretariat.name = "王强"
    lead_findings.drop_finding(review, action, REASON, world.secretariat, finding_stamp(action))
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    first = review.assignments[0]

    work = _page(client, auth, first.reviewer.email, lang, f"/reviews/assignments/{first.id}")
    row = _finding(work, action, "</tr>")
    assert SECRETARIAT_DROPPED[lang] in _text(row)
    notes_only_in_english(row, lang, BY_SECRETARIAT)


EDITED = {
    "zh_CN": "由组长李明修改",
    "en": "Edited by the lead, 李明 (Li Ming)",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_finding_the_lead_reworded_says_so_beside_who_raised_it(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    world.lead.name = "李明"
    review, action = _submitted(world)
    first = review.assignments[0]
    lead_findings.edit_finding(
        review, action, "演练报告缺签字页", "王工", DUE, world.lead, finding_stamp(action)
    )
    db_session.commit()

    lead_map = _page(client, auth, world.lead.email, lang, f"/reviews/{review.id}/consolidate")
    item = _text(_finding(lead_map, action, "</li>"))
    assert first.reviewer.name in item  # who raised it is still named
    assert EDITED[lang] in item

    mine = _page(client, auth, first.reviewer.email, lang, f"/reviews/assignments/{first.id}")
    row = _finding(mine, action, "</tr>")
    assert EDITED[lang] in _text(row)
    assert BY_REVIEWER not in row  # no longer her words alone

    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    final = _page(client, auth, world.members[0].email, lang, f"/reviews/{review.id}/final")
    shown = final.split(f'id="action-{action.id}"', 1)[1].split('<div class="item"', 1)[0]
    words = _text(shown)
    assert re.search(rf"{first.reviewer.name}.*{re.escape(EDITED[lang])}", words), words
    assert BY_REVIEWER not in shown


def test_the_reviewer_s_own_correction_is_not_marked_as_edited(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review, action = _submitted(world)
    db_session.commit()
    lead_map = _page(client, auth, world.lead.email, "zh_CN", f"/reviews/{review.id}/consolidate")
    assert "修改" not in _text(_finding(lead_map, action, "<details"))


SENT_BACK = {
    "zh_CN": "副组长郑凯退回，理由：未加盖公章",
    "en": "Sent back by the deputy lead, 郑凯 (Zheng Kai). Reason: 未加盖公章",
}
MAILED = {
    "zh_CN": "副组长郑凯退回了",
    "en": "The deputy lead, 郑凯 (Zheng Kai), has sent back",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_an_action_the_deputy_sent_back_names_the_deputy_on_the_page_and_in_the_mail(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review, action = _submitted(world)
    settling.finalise_review(review, 30, world.lead)
    member = world.members[0]
    member.language = "en" if lang == "en" else "zh_CN"
    settling.close_action(action, "补签后的评估报告", member)
    deputy = _deputy(world)
    db_session.commit()
    auth.login(deputy.email)
    url = f"/reviews/findings/{action.id}/accept/0"
    assert client.post(url, data={f"r-{action.id}-reason": "未加盖公章"}).status_code == 302
    auth.logout()

    final = _page(client, auth, member.email, lang, f"/reviews/{review.id}/final")
    shown = final.split(f'id="action-{action.id}"', 1)[1].split('<div class="item"', 1)[0]
    assert SENT_BACK[lang] in _text(shown)
    notes_only_in_english(shown.split('class="return-note"', 1)[1], lang, DEPUTY_WROTE)
    db_session.expire_all()
    mail = db_session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.kind == "action.reopen", OutboxMessage.to_address == member.email
        )
    ).one()
    assert MAILED[lang] in mail.body
    assert "组长退回" not in mail.body
    assert "The lead has" not in mail.body
