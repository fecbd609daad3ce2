"""English mails: typed Chinese text carries the pages' note, a person's name its pinyin.

QA (an English-only EHS director): "Corrective action sent back" and "Appeal decided"
quoted the lead's and the secretariat's reasons in Chinese without the note the pages
give ("Written by the lead in Chinese; shown as written."), and named people by the
Chinese name alone. Chinese mails are unchanged.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.mail.models import OutboxMessage
from rcapp.reviews import outcome_mail
from rcapp.reviews.company_mail import queue_company_notice
from tests.conftest import AuthActions
from tests.mail_server import smtp_server  # noqa: F401 - fixture
from tests.web.test_action_reopen_due_mail import _lead_sees_closed_action, _send_back
from tests.web.test_action_reopen_reason import REASON
from tests.web.test_appeal_rereview_state import _upheld

pytestmark = pytest.mark.usefixtures("smtp_server")

BY_LEAD = "Written by the lead in Chinese; shown as written."
BY_REVIEWER = "Written by the reviewer in Chinese; shown as written."
IN_GENERAL = "Written in Chinese; shown as written."
SAID = "按原文显示"  # any note's Chinese words: never in a Chinese mail


def _by_lang(messages: list[OutboxMessage]) -> dict[str, str]:
    return {m.lang: m.body for m in messages}


def test_the_sent_back_mail_notes_the_lead_s_and_reviewer_s_chinese_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    action = _lead_sees_closed_action(db_session, auth)

    bodies = _send_back(client, db_session, action.id, None)

    assert f"演练评估报告缺签字\n{BY_REVIEWER}" in bodies["en"]
    assert f"{REASON}\n{BY_LEAD}" in bodies["en"]
    assert SAID not in bodies["zh_CN"]
    assert f"退回理由：{REASON}\n" in bodies["zh_CN"]


def test_the_appeal_mails_note_the_chinese_reasons_in_english(
    client: FlaskClient, db_session: Session
) -> None:
    world, review, _done, _open = _upheld(db_session)
    world.members[0].language = "en"
    world.lead.language = world.secretariat.language = "en"
    db_session.commit()
    appeal = review.appeals[-1]

    sent = outcome_mail.queue_appeal_decided_notice(appeal, world.secretariat)

    decided = _by_lang([m for m in sent if m.kind == "appeal.decide"])
    assert f"请组长重新裁定 C1.E1.1\n{IN_GENERAL}" in decided["en"]
    assert SAID not in decided["zh_CN"]
    reopened = [m for m in sent if m.kind == "appeal.reopen"]
    assert reopened
    assert all(f"请组长重新裁定 C1.E1.1\n{IN_GENERAL}" in m.body for m in reopened)
    filed = _by_lang(outcome_mail.queue_appeal_filed_notice(appeal, world.members[0]))
    assert f"演练记录齐全\n{IN_GENERAL}" in filed["en"]


def test_english_typed_text_gets_no_note(client: FlaskClient, db_session: Session) -> None:
    world, review, _done, _open = _upheld(db_session)
    world.members[0].language = "en"
    appeal = review.appeals[-1]
    appeal.decision_reason = "Settle C1.E1.1 again"
    db_session.commit()

    sent = _by_lang(outcome_mail.queue_appeal_decided_notice(appeal, world.secretariat))

    assert "Settle C1.E1.1 again" in sent["en"]
    assert "shown as written" not in sent["en"]


def test_mails_name_people_with_pinyin_in_english(client: FlaskClient, db_session: Session) -> None:
    world, review, _done, _open = _upheld(db_session)
    world.lead.name = "周建华"
    company, reviewer = world.members[0], review.assignments[0].reviewer
    company.language = reviewer.language = "en"
    db_session.commit()

    told = queue_company_notice(review, None, world.lead)
    withdrawn = outcome_mail.queue_withdrawn_notice(review, reviewer, 0, 0, world.lead)

    assert company in told
    mails = db_session.query(OutboxMessage).filter_by(kind="review.company").all()
    assert "周建华 (Zhou Jianhua)" in _by_lang(mails)["en"]
    assert "周建华 (" not in _by_lang(mails)["zh_CN"]
    assert "周建华 (Zhou Jianhua)" in withdrawn[0].body
