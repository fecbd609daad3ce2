"""A finding dropped and then restored says so on the map (qa smallrest #1).

Restoring clears the drop from the finding's row; the audit log keeps who dropped it, when
and why. The map shows that under the finding to the lead, deputy and secretariat, from one
audit query for the page; the reviewer's page does not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.accounts.models import GroupRole
from rcapp.audit.models import AuditEntry
from rcapp.reviews import lead_findings
from rcapp.reviews.finding_gone import dropped_stamp, finding_stamp
from rcapp.reviews.models import Finding, FindingKind, Review
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user
from tests.factories_reviews import ReviewWorld, make_review_world, submitted_with_finding
from tests.web.test_lead_findings_pages import _as, _text

DROPPED_ON = dt.datetime(2025, 12, 3, 2, 0, tzinfo=dt.UTC)  # 10:00 in Beijing
RESTORED_ON = dt.datetime(2025, 12, 4, 2, 0, tzinfo=dt.UTC)
LINE = {
    "zh": "曾于 12月3日 被郑凯删去（理由：与另一条重复），12月4日 由王强恢复。",
    "en": "Dropped on Dec 3 by 郑凯 (Zheng Kai) (reason: 与另一条重复); "
    "restored on Dec 4 by 王强 (Wang Qiang).",
}


def _dated(session: Session, moment: dt.datetime) -> None:
    """Date the audit entry the last service call wrote (not flushed yet)."""
    [entry] = [o for o in session.new if isinstance(o, AuditEntry)]
    entry.at = moment
    session.flush()


@dataclass(frozen=True)
class Restored:
    review: Review
    finding: Finding
    emails: dict[str, str]  # who may see the map: lead, deputy, secretariat


def _dropped_and_restored(session: Session, world: ReviewWorld) -> Restored:
    """The deputy 郑凯 drops a finding on 3 December; the secretariat's 王强 restores it."""
    review, action = submitted_with_finding(world)
    deputy = make_user(make_organisation(), name="郑凯")
    make_group_role(deputy, world.group, GroupRole.DEPUTY)
    lead_findings.drop_finding(review, action, "与另一条重复", deputy, finding_stamp(action))
    _dated(session, DROPPED_ON)
    world.secretariat.name = "王强"
    lead_findings.restore_finding(review, action, world.secretariat, dropped_stamp(action))
    _dated(session, RESTORED_ON)
    session.commit()
    emails = {
        "lead": world.lead.email,
        "deputy": deputy.email,
        "secretariat": world.secretariat.email,
    }
    return Restored(review, action, emails)


def _row(page: str, finding: Finding) -> str:
    return _text(page.split(f'id="finding-{finding.id}"')[1].split("</li>")[0])


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("who", ["lead", "deputy", "secretariat"])
def test_the_map_says_a_restored_finding_was_dropped_by_whom_and_why(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, who: str
) -> None:
    restored = _dropped_and_restored(db_session, make_review_world(5))
    _as(client, auth, restored.emails[who], lang)
    answer = client.get(f"/reviews/{restored.review.id}/consolidate")
    assert answer.status_code == 200
    # The reason sits in its own <span lang="zh-CN"> (both languages), which _text spaces out.
    row = _row(answer.get_data(as_text=True), restored.finding)
    assert LINE[lang] in row.replace(" )", ")").replace("： ", "：").replace(" ）", "）")


@contextmanager
def _audit_reads() -> Iterator[list[str]]:
    """Collect the statements that read the audit log while the block runs."""
    seen: list[str] = []
    engine = db.session().get_bind()

    def note(*args: Any) -> None:
        statement = str(args[2])
        if "FROM audit_entries" in statement:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_the_history_of_many_restored_findings_costs_one_query(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    restored = _dropped_and_restored(db_session, world)
    _as(client, auth, world.lead.email, "zh")
    with _audit_reads() as one:
        client.get(f"/reviews/{restored.review.id}/consolidate")
    first = restored.review.assignments[0]
    # Written straight: the review is submitted, so add_finding would refuse.
    more = [
        Finding(
            review_id=first.review_id,
            assignment_id=first.id,
            kind=FindingKind.STRENGTH,
            text=f"亮点{i}",
            created_by_id=first.reviewer.id,
        )
        for i in range(3)
    ]
    db_session.add_all(more)
    db_session.flush()
    db_session.refresh(restored.review)
    for finding in more:
        review = restored.review
        lead_findings.drop_finding(review, finding, "重复", world.lead, finding_stamp(finding))
        lead_findings.restore_finding(review, finding, world.lead, dropped_stamp(finding))
    db_session.commit()
    with _audit_reads() as four:
        page = client.get(f"/reviews/{restored.review.id}/consolidate").get_data(as_text=True)
    assert all("曾于" in _row(page, f) for f in more)
    assert len(four) == len(one)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_reviewer_does_not_see_who_dropped_and_restored_it(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    restored = _dropped_and_restored(db_session, make_review_world(5))
    first = restored.review.assignments[0]
    _as(client, auth, first.reviewer.email, lang)
    own = _text(client.get(f"/reviews/assignments/{first.id}").get_data(as_text=True))
    assert "演练报告缺签字" in own
    assert "与另一条重复" not in own
    assert "郑凯" not in own
