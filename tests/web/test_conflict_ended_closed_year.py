"""A conflict that ends in a closed year: the reviewer still cannot go on (qa findings #2).

The "conflict ended" mail said the reviewer could continue; in a closed or closing year
nothing of the review changes until the secretariat reopens it (year_lock), so the mail
and the secretariat's confirmation say that instead, in the reader's language.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.cycles.models import CycleStatus
from tests.conftest import AuthActions
from tests.web.test_review_conflict_ended import _assigned, _ended, _join, _remove

FROZEN = {
    "zh": "但2025 年度已关闭或正在关闭，评审结果已冻结：秘书处重新开放该年度之前，"
    "该评审员仍不能保存或提交评审结论",
    "en": "But 2025 is closed or closing and its review results are frozen: until the "
    "secretariat reopens the year the reviewer still cannot save or submit",
}
GO_ON = {"zh": "该评审员可以继续评审，保存和提交", "en": "The reviewer can continue the review"}
ON_SCREEN = {
    "zh": "重新开放该年度之前评审员仍不能继续评审",
    "en": "the reviewer cannot continue until the year is reopened",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_conflict_ended_in_a_closed_year_says_the_review_waits_for_the_reopening(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, assignment, deputy = _assigned(db_session)
    reviewer, reviewed = assignment.reviewer, world.companies[0]
    world.lead.language = deputy.language = world.secretariat.language = lang
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{'zh_CN' if lang == 'zh' else 'en'}")
    _join(client, reviewed, reviewer)
    world.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    _remove(client, reviewed, reviewer)

    mails = _ended(db_session)
    readers = {world.lead.email, deputy.email, world.secretariat.email}
    assert {m.to_address for m in mails} == readers
    for mail in mails:
        body = " ".join(mail.body.split())
        assert FROZEN[lang] in body
        assert GO_ON[lang] not in body
    page = html.unescape(client.get(f"/organisations/{reviewed.id}/users").get_data(as_text=True))
    assert ON_SCREEN[lang] in " ".join(page.split())
