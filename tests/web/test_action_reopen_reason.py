"""The lead sends a closed corrective action back with a reason the company reads.

The reason is required (a field message in the user's language, the typed text kept),
stored on the action, shown to the company and the lead, in the audit entry and the
corrective-actions workbook; closing the action again keeps it as the last reason.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.reviews import reviewing, settling
from rcapp.reviews.errors import ReasonRequired
from rcapp.reviews.models import ActionStatus, Finding, FindingKind
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_and_finalise
from tests.web.reports.test_downloads import all_values, workbook

REASON = "补签页未加盖公章，请补充"


def _closed_action(world: ReviewWorld) -> Finding:
    """A final review whose corrective action the company has closed with evidence."""
    review = assign_all(world)[0]
    first = review.assignments[0]
    action = reviewing.add_finding(
        first,
        FindingKind.CORRECTIVE_ACTION,
        "演练评估报告缺签字",
        "C1.E1.1",
        "王工",
        dt.date(2026, 6, 30),
        first.reviewer,
    )
    submit_and_finalise(review, world.lead)
    settling.close_action(action, "补签后的评估报告 PJ-07", world.members[0])
    return action


def _reopen(client: FlaskClient, action: Finding, reason: str) -> tuple[int, str]:
    response = client.post(
        f"/reviews/findings/{action.id}/accept/0", data={f"r-{action.id}-reason": reason}
    )
    return response.status_code, html.unescape(response.get_data(as_text=True))


def _status(finding: Finding) -> ActionStatus | None:
    return finding.action_status  # read afresh after each request


@pytest.mark.parametrize(
    ("lang", "message"),
    [("zh", "请填写退回理由。"), ("en", "Please give the reason for sending the action back.")],
)
def test_reopening_without_a_reason_is_refused_with_a_field_message(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, message: str
) -> None:
    world = make_review_world(5)
    action = _closed_action(world)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")

    status, page = _reopen(client, action, "  \x00 ")

    assert status == 422
    assert message in page
    assert f'id="r-{action.id}-reason-error"' in page
    db_session.expire_all()
    assert _status(action) is ActionStatus.CLOSED
    assert action.reopen_reason is None


def test_a_refused_reopen_keeps_the_typed_reason(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    action = _closed_action(world)
    db_session.commit()
    auth.login(world.lead.email)
    too_long = "理" * 4001

    status, page = _reopen(client, action, too_long)

    assert status == 422
    assert too_long in page  # still in the field, to shorten
    db_session.expire_all()
    assert _status(action) is ActionStatus.CLOSED
    # Accepted by a colleague meanwhile: the flash quotes the reason that was not saved.
    settling.accept_action(action, True, world.secretariat)
    db_session.commit()
    client.get("/lang/en")
    response = client.post(
        f"/reviews/findings/{action.id}/accept/0",
        data={f"r-{action.id}-reason": REASON},
        follow_redirects=True,
    )
    page = html.unescape(response.get_data(as_text=True))
    assert f"The reason for sending it back you typed was not saved: {REASON}" in page


def test_the_service_refuses_a_reopen_without_a_reason(db_session: Session) -> None:
    world = make_review_world(5)
    action = _closed_action(world)
    with pytest.raises(ReasonRequired):
        settling.accept_action(action, False, world.lead, "   ")
    assert _status(action) is ActionStatus.CLOSED


def test_the_reason_is_stored_audited_and_shown_to_the_company_and_the_lead(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    world.lead.name = "李明"
    action = _closed_action(world)
    review_id = action.review_id
    db_session.commit()
    auth.login(world.lead.email)

    status, _page = _reopen(client, action, f" {REASON} ")

    assert status == 302
    db_session.expire_all()
    assert _status(action) is ActionStatus.OPEN
    assert action.reopen_reason == REASON
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "action.reopen")).one()
    assert (entry.field, entry.reason) == (str(action.id), REASON)
    lead_page = html.unescape(client.get(f"/reviews/{review_id}/final").get_data(as_text=True))
    assert f'组长李明退回，理由：<span lang="zh-CN">{REASON}</span>' in lead_page
    auth.logout()

    auth.login(world.members[0].email)
    zh = html.unescape(client.get(f"/reviews/{review_id}/final").get_data(as_text=True))
    assert f'组长李明退回，理由：<span lang="zh-CN">{REASON}</span>' in zh
    assert '未被接受的整改证据：<span lang="zh-CN">补签后的评估报告 PJ-07</span>' in zh
    client.get("/lang/en")
    en = html.unescape(client.get(f"/reviews/{review_id}/final").get_data(as_text=True))
    sent_back = 'Sent back by the lead, <span lang="zh-CN">李明</span> (Li Ming). Reason: '
    assert f'{sent_back}<span lang="zh-CN">{REASON}</span>' in en
    assert 'Evidence not accepted: <span lang="zh-CN">补签后的评估报告 PJ-07</span>' in en
    sheet = client.get(f"/reports/corrective-actions.xlsx?organisation={world.companies[0].id}")
    values = all_values(workbook(sheet.data))
    assert "Reason sent back" in values
    assert REASON in values


def test_closing_again_keeps_the_last_reason_as_history(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    action = _closed_action(world)
    settling.accept_action(action, False, world.lead, REASON)
    settling.close_action(action, "加盖公章的评估报告 PJ-08", world.members[0])
    db_session.commit()
    auth.login(world.lead.email)

    page = html.unescape(client.get(f"/reviews/{action.review_id}/final").get_data(as_text=True))

    assert action.reopen_reason == REASON
    assert f'上次退回理由：<span lang="zh-CN">{REASON}</span>' in page
    assert "退回，理由" not in page
    client.get("/lang/en")
    page = html.unescape(client.get(f"/reviews/{action.review_id}/final").get_data(as_text=True))
    assert f'Last reason sent back: <span lang="zh-CN">{REASON}</span>' in page
