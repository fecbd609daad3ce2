"""The state after an upheld appeal (申诉成立), while the lead reviews again and after.

The result page shows the earlier final rating with its reviewers and says it is being
reviewed again (no self-assessment stars within reach); the company's to-do keeps a line
until the new final rating; the lead's reason for the level after the re-review shows
beside the item for the company and on the discrepancy map; the re-rating mail is its own,
naming the earlier and the new stars and asking only for the actions still open.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments.models import SnapshotKind
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.snapshots import find_snapshot
from rcapp.clock import beijing_today
from rcapp.mail.models import OutboxMessage
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import Decision, Finding, FindingKind, Review
from rcapp.reviews.rereview import rerated_after, upheld_appeal
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_all
from tests.mail_server import smtp_server  # noqa: F401 - fixture
from tests.web.helpers import finalise_confirmed

LANGS = ["zh_CN", "en"]
DUE = dt.date(2026, 6, 30)
WORDS = {
    "zh_CN": {
        "heading": "此前的最终结果（经同行评审，申诉成立后重新评审中）",
        "reviewers": "2 名评审员",
        "line": "工作组组长正在重新评审",
        "badge": "重新评审中",
        "self": "尚未经同行评审",
        "todo": "申诉已成立，等待重新评审（2025 年度）",
        "resettled": "申诉后重新裁定的评价项",
    },
    "en": {
        "heading": "Earlier final result (peer reviewed; appeal upheld, in review again)",
        "reviewers": "2 reviewers",
        "line": "the working-group lead is reviewing it again",
        "badge": "In review again",
        "self": "not yet peer reviewed",
        "todo": "Appeal upheld, waiting for the new review (2025)",
        "resettled": "Items settled again after the appeal",
    },
}


def _text(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def _upheld(db_session: Session) -> tuple[ReviewWorld, Review, Finding, Finding]:
    """Company 0's final review (C1.E1.1 settled at 2, two actions: one done, one open),
    appealed and the appeal upheld."""
    world = make_review_world(5)
    review = assign_all(world)[0]
    item = rubric_of(review.assessment).item_index()["C1.E1.1"]
    first = review.assignments[0]
    done, still_open = (
        reviewing.add_finding(
            first, FindingKind.CORRECTIVE_ACTION, text, "C1.E1.1", "王工", DUE, first.reviewer
        )
        for text in ("演练记录缺签字", "应急预案未评审")
    )
    for assignment in review.assignments:
        reviewing.save_decision(
            assignment, item, False, Decision.ADJUST, 1, "无签字", assignment.reviewer
        )
        reviewing.accept_remaining(assignment, list(review.sample), set(), assignment.reviewer)
        reviewing.submit_assignment(assignment, assignment.reviewer)
    settling.settle_item(review, "C1.E1.1", 2, "初次裁定理由", world.lead)
    settling.finalise_review(review, 30, world.lead)
    settling.close_action(done, "已补签", world.members[0])
    settling.accept_action(done, True, world.lead)
    appeal = settling.file_appeal(review, "演练记录齐全", beijing_today(), world.members[0])
    settling.decide_appeal(appeal, True, "请组长重新裁定 C1.E1.1", world.secretariat)
    db_session.commit()
    assert upheld_appeal(review) is appeal
    return world, review, done, still_open


@pytest.mark.parametrize("lang", LANGS)
def test_the_result_page_shows_the_earlier_final_rating_being_reviewed_again(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review, _done, _open = _upheld(db_session)
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    words = WORDS[lang]

    page = client.get(f"/assessments/{review.assessment_id}/result").get_data(as_text=True)
    text = _text(client, f"/assessments/{review.assessment_id}/result")

    assert words["heading"] in text
    assert words["reviewers"] in text
    assert 'id="rereview"' in page
    assert words["line"] in text
    assert words["badge"] in text
    assert words["self"] not in text
    assert 'id="within-reach"' not in page  # no self-assessment stars to reach from here


@pytest.mark.parametrize("lang", LANGS)
def test_the_company_todo_keeps_the_upheld_appeal_until_the_new_final_rating(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review, _done, _open = _upheld(db_session)
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")

    page = client.get("/").get_data(as_text=True)

    assert f'id="todo-rereview-{review.id}"' in page
    assert f'href="/reviews/{review.id}/final#reopened"' in page
    assert WORDS[lang]["todo"] in _text(client, "/")

    settling.settle_item(review, "C1.E1.1", 3, "演练记录经核实齐全", world.lead)
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    assert f'id="todo-rereview-{review.id}"' not in client.get("/").get_data(as_text=True)


def test_upholding_keeps_the_earlier_final_rating_apart_and_refinalising_shows_the_new(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, review, _done, _open = _upheld(db_session)
    assessment = review.assessment
    assert find_snapshot(assessment, SnapshotKind.FINAL) is None
    assert find_snapshot(assessment, SnapshotKind.APPEALED) is not None
    settling.settle_item(review, "C1.E1.1", 4, "演练记录经核实齐全", world.lead)
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    assert rerated_after(review) is not None
    auth.login(world.members[0].email)

    page = client.get(f"/assessments/{review.assessment_id}/result").get_data(as_text=True)

    assert 'id="rereview"' not in page
    assert WORDS["zh_CN"]["heading"] not in page
    assert "最终结果（经同行评审）" in page


@pytest.mark.parametrize("lang", LANGS)
def test_the_leads_reason_after_the_re_review_shows_to_the_company_and_the_lead(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review, _done, _open = _upheld(db_session)
    # Back to the self level: no longer changed against the self-assessment, but changed
    # by the re-review, and the company must see why.
    settling.settle_item(review, "C1.E1.1", 4, "演练记录经核实齐全", world.lead)
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()

    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
    text = _text(client, f"/reviews/{review.id}/final")
    assert WORDS[lang]["resettled"] in text
    section = page[page.index('id="resettled"') :]
    assert "C1.E1.1" in section
    assert "演练记录经核实齐全" in section
    assert "初次裁定理由" not in text

    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    text = _text(client, f"/reviews/{review.id}/consolidate")
    assert "演练记录经核实齐全" in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_lead_may_settle_any_item_again_while_the_review_is_reopened(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """The appeal may concern an item no reviewer disputed: the map offers it a level."""
    world, review, _done, _open = _upheld(db_session)
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")

    page = client.get(f"/reviews/{review.id}/consolidate?all=1").get_data(as_text=True)

    assert f"/reviews/{review.id}/items/MS.G1.1/settle" in page


def _mails(db_session: Session) -> dict[str, OutboxMessage]:
    db_session.expire_all()
    rows = db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "review.final"))
    return {row.to_address: row for row in rows}


@pytest.fixture
def base_url(app: Flask, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setitem(app.config, "BASE_URL", "https://rc.example.cn/rc")
    return "https://rc.example.cn/rc"


@pytest.mark.usefixtures("smtp_server", "base_url")
def test_the_re_rating_mail_names_both_ratings_and_only_the_open_actions(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, review, _done, _open = _upheld(db_session)
    zh, en = world.members[0], world.reviewers[0]
    en.language = "en"
    earlier = find_snapshot(review.assessment, SnapshotKind.APPEALED)
    assert earlier is not None
    before = earlier.stars
    settling.settle_item(review, "C1.E1.1", 4, "演练记录经核实齐全", world.lead)
    db_session.commit()
    auth.login(world.lead.email)

    assert finalise_confirmed(client, review.id).status_code == 302

    db_session.refresh(review)
    after = review.final_stars
    assert after is not None
    assert after != before
    mails = _mails(db_session)
    name = review.assessment.organisation
    zh_mail, en_mail = mails[zh.email], mails[en.email]
    assert zh_mail.subject == f"申诉后的重新评级结果：{name.name_zh}（2025 年度）"
    assert en_mail.subject == f"Re-rating after the appeal: {name.name_en} (2025)"
    assert f"申诉前的最终星级：{before} 星。" in zh_mail.body
    assert f"重新评级后的最终星级：{after} 星。" in zh_mail.body
    assert "仍未完成的整改项：1 项" in zh_mail.body
    assert "须整改项" not in zh_mail.body
    assert f"Final rating before the appeal: {before} star" in en_mail.body
    assert f"Final rating after the re-review: {after} star" in en_mail.body
    assert "Corrective actions still open: 1." in en_mail.body
    assert "已经定级" not in en_mail.body


def test_a_first_final_rating_still_gets_the_first_mail(db_session: Session) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    submit_all(review)
    settling.finalise_review(review, 30, world.lead)
    assert rerated_after(review) is None  # the first rating's own mail (test_workflow_notices)
