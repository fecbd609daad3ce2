"""A conflict declared after submitting, in a year that is closed, closing or reopened.

Declared after she submitted, a review not yet final goes back to unsubmitted
(declared_late.py). The year's close freezes results, and no review of a closed year changes
(year_lock.py): the declaration un-submitted a review of a closed year anyway, so the frozen
result counted a review the year's pages then said no longer counted. Now the year lock
wins: in a closed or closing year the review stays as submitted, the declaration is
recorded and audited, the lead, deputy and secretariat are told, and the declaring page
says so before she sends it. When the secretariat reopens the year the declaration takes
effect: the review is held as in an open year and the lead told.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.cycles import services as cycle_services
from rcapp.mail.models import OutboxMessage
from rcapp.reviews.models import AssignmentStatus, ReviewStatus
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, make_review_world
from tests.web.helpers import page_words
from tests.web.test_declare_conflict_after_submit import _both_submitted

REASON = "年度关闭后才得知配偶已入职该单位"

PREVIEW = {
    "zh": "年度已关闭或正在关闭，评审结果已冻结：申报会记录在案",
    "en": "is closed or being closed and its results are frozen",
}
DONE = {
    "zh": "年度已关闭，以下已提交的评审不变，仍按已提交计入",
    "en": "are unchanged and still count as submitted",
}


def _declare(client: FlaskClient, world: ReviewWorld, reviewer_id: int) -> str:
    data = {"person": reviewer_id, "organisation": world.companies[0].id, "reason": REASON}
    response = client.post("/reviews/conflicts", data=data)
    assert response.status_code == 302
    return page_words(client, "/reviews/conflicts")


def _told(db_session: Session) -> list[OutboxMessage]:
    statement = select(OutboxMessage).where(OutboxMessage.kind == "review.conflict")
    return list(db_session.scalars(statement))


def _logged(db_session: Session, action: str) -> list[tuple[int, str | None]]:
    statement = select(AuditEntry).where(AuditEntry.action == action)
    return [(e.entity_id, e.reason) for e in db_session.scalars(statement)]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("closing", [False, True], ids=["closed", "closing"])
def test_declared_after_submitting_in_a_closed_year_the_review_stays_and_all_are_told(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, closing: bool
) -> None:
    world = make_review_world(3)
    review = _both_submitted(world)
    late = review.assignments[0]
    reviewer = late.reviewer
    if closing:
        cycle_services.start_closing(world.cycle, world.secretariat)  # the worker not done
    else:
        cycle_services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    auth.login(reviewer.email)
    client.get(f"/lang/{lang}")

    form = page_words(client, "/reviews/conflicts")
    assert PREVIEW[lang] in form
    # Not promised what the year lock will not let happen.
    assert "这项评审即退回为未提交" not in form
    assert "This review then goes back to unsubmitted" not in form

    said = _declare(client, world, reviewer.id)
    assert DONE[lang] in said

    db_session.expire_all()
    assert late.status is AssignmentStatus.SUBMITTED
    assert review.status is ReviewStatus.IN_REVIEW
    assert len(review.submitted_assignments) == 2
    told = _told(db_session)
    addresses = {m.to_address for m in told}
    assert {world.lead.email, world.secretariat.email} <= addresses
    assert all(REASON in m.body for m in told)
    assert all("评审结果已冻结" in m.body or "results are frozen" in m.body for m in told)
    assert _logged(db_session, "review.conflict_in_closed_year") == [(review.id, REASON)]
    assert _logged(db_session, "review.conflict_after_submit") == []


def test_declared_in_a_closed_year_takes_effect_when_the_year_is_reopened(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    review = _both_submitted(world)
    late = review.assignments[0]
    cycle_services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    auth.login(late.reviewer.email)
    _declare(client, world, late.reviewer.id)
    db_session.expire_all()
    assert [a.status for a in review.assignments] == [AssignmentStatus.SUBMITTED] * 2

    auth.logout()
    auth.login(world.secretariat.email)
    response = client.post(
        f"/cycles/{world.cycle.id}/reopen", data={"reason": "评审员申报了利益冲突，需重新处理"}
    )
    assert response.status_code == 302

    db_session.expire_all()
    assert world.cycle.is_open
    assert late.status is AssignmentStatus.ASSIGNED
    assert late.submitted_at is not None
    assert [a.id for a in review.submitted_assignments] == [review.assignments[1].id]
    assert _logged(db_session, "review.conflict_after_submit") == [(review.id, REASON)]
    held_mail = [m for m in _told(db_session) if "不再计入评审结果" in m.body]
    assert world.lead.email in {m.to_address for m in held_mail}

    auth.logout()
    auth.login(world.lead.email)
    page = page_words(client, f"/reviews/{review.id}/consolidate")
    assert "评审员在提交后声明了利益冲突" in page


def test_declared_after_submitting_in_a_reopened_year_holds_the_review_as_in_an_open_year(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    review = _both_submitted(world)
    late = review.assignments[0]
    cycle_services.close_cycle(world.cycle, world.secretariat)
    cycle_services.reopen_cycle(world.cycle, "补评审", world.secretariat)
    db_session.commit()
    auth.login(late.reviewer.email)

    form = page_words(client, "/reviews/conflicts")
    assert "这项评审即退回为未提交" in form
    assert PREVIEW["zh"] not in form
    said = _declare(client, world, late.reviewer.id)
    assert "以下已提交的评审已退回为未提交" in said

    db_session.expire_all()
    assert late.status is AssignmentStatus.ASSIGNED
    assert _logged(db_session, "review.conflict_after_submit") == [(review.id, REASON)]
    assert _logged(db_session, "review.conflict_in_closed_year") == []
