"""The lead restores a finding she dropped, instead of recording it again (qa findings #1).

Restoring clears the drop: the finding goes to the organisation again (a corrective action
open), the reviewer no longer sees it dropped, and the audit log keeps who dropped it and
why. Same locks and stale-page protection as dropping.
"""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.cycles.models import CycleStatus
from rcapp.reviews import lead_findings
from rcapp.reviews.finding_gone import dropped_stamp, finding_stamp
from rcapp.reviews.models import ActionStatus, Finding, Review
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, make_review_world, submitted_with_finding
from tests.web.test_lead_findings_pages import _as, _text

REASON = "与另一条重复"
RESTORE = {"zh": "恢复", "en": "Restore"}
RESTORED = {"zh": "发现已恢复", "en": "Finding restored"}
DROPPED = {"zh": "已删去，不发给单位", "en": "Dropped: not sent to the organisation"}
STALE = {"zh": "恢复后再次删去", "en": "dropped it again"}
ALREADY = {"zh": "无需再次恢复", "en": "already restored"}
CLOSED = {"zh": "年度已关闭", "en": "closed"}


def _dropped(world: ReviewWorld) -> tuple[Review, Finding]:
    review, action = submitted_with_finding(world)
    lead_findings.drop_finding(review, action, REASON, world.lead, finding_stamp(action))
    return review, action


def _restore(client: FlaskClient, review: Review, finding: Finding, seen: str) -> str:
    url = f"/reviews/{review.id}/findings/{finding.id}/restore"
    answer = client.post(url, data={f"restore-{finding.id}-seen": seen})
    return f"{answer.status_code} {answer.get_data(as_text=True)}"


def _row(page: str, finding: Finding) -> str:
    return _text(page.split(f'id="finding-{finding.id}"')[1].split("</li>")[0])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_lead_restores_a_dropped_finding_and_it_goes_again(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review, action = _dropped(world)
    db_session.commit()
    assert action not in review.sent_findings
    _as(client, auth, world.lead.email, lang)
    shown = client.get(f"/reviews/{review.id}/consolidate").get_data(as_text=True)
    assert RESTORE[lang] in _row(shown, action)
    answer = client.post(
        f"/reviews/{review.id}/findings/{action.id}/restore",
        data={f"restore-{action.id}-seen": dropped_stamp(action)},
        follow_redirects=True,
    )
    page = answer.get_data(as_text=True)
    assert RESTORED[lang] in _text(page)
    assert DROPPED[lang] not in _row(page, action)
    db_session.expire_all()
    assert not action.is_dropped
    assert action.dropped_reason is None
    assert action.action_status is ActionStatus.OPEN
    assert action in review.sent_findings
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "review.finding_restore")
    ).one()
    assert entry.actor_id == world.lead.id
    before = json.loads(entry.before or "{}")
    assert before["reason"] == REASON
    assert before["finding"] == action.id
    confirm = client.get(f"/reviews/{review.id}/finalise").get_data(as_text=True)
    assert "演练报告缺签字" in _text(confirm.split('id="sent-findings"')[1].split("</section>")[0])
    # The reviewer sees it restored: no longer marked dropped, no reason.
    auth.logout()
    first = review.assignments[0]
    _as(client, auth, first.reviewer.email, lang)
    own = _text(client.get(f"/reviews/assignments/{first.id}").get_data(as_text=True))
    assert "演练报告缺签字" in own
    assert REASON not in own


OWN_STALE = {
    "zh": "已在您的另一窗口、标签页或设备中恢复后再次删去",
    "en": "in another window, tab or device",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("who", ["colleague", "herself"])
def test_a_restore_from_an_older_page_is_refused_naming_who(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, who: str
) -> None:
    """Restored and dropped again meanwhile, by the secretariat or by the lead in another tab."""
    world = make_review_world(5)
    review, action = _dropped(world)
    old = dropped_stamp(action)
    db_session.commit()
    hand = world.secretariat if who == "colleague" else world.lead
    lead_findings.restore_finding(review, action, hand, old)
    lead_findings.drop_finding(review, action, "另一个理由", hand, finding_stamp(action))
    db_session.commit()
    _as(client, auth, world.lead.email, lang)
    answer = _restore(client, review, action, old)
    assert answer.startswith("409")
    said = _text(answer)
    assert {"zh": "已被他人", "en": "someone else"}[lang] not in said
    if who == "herself":
        assert OWN_STALE[lang] in said
        return
    assert STALE[lang] in said
    assert world.secretariat.name in said
    db_session.expire_all()
    assert action.dropped_reason == "另一个理由"
    # The page now carries the drop it shows: a second click decides.
    assert f'value="{dropped_stamp(action)}"' in answer
    assert _restore(client, review, action, dropped_stamp(action)).startswith("302")
    again = _restore(client, review, action, dropped_stamp(action))
    assert again.startswith("409")
    assert ALREADY[lang] in _text(again)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_nothing_is_restored_in_a_closed_year_or_once_final_or_by_others(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review, action = _dropped(world)
    world.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    _as(client, auth, world.lead.email, lang)
    page = client.get(f"/reviews/{review.id}/consolidate").get_data(as_text=True)
    assert f'id="restore-finding-{action.id}"' not in page
    answer = _restore(client, review, action, dropped_stamp(action))
    assert answer.startswith("409")
    assert CLOSED[lang] in _text(answer)
    auth.logout()
    world.cycle.status = CycleStatus.OPEN
    db_session.commit()
    for email in (review.assignments[0].reviewer.email, world.members[0].email):
        auth.login(email)
        assert _restore(client, review, action, dropped_stamp(action)).startswith("403")
        auth.logout()
    db_session.expire_all()
    assert action.dropped_reason == REASON
