"""A conflict declared after the reviewer submitted her review (qa70 last stop).

Declared on an open review, it stopped the review and told the lead; declared after she
submitted, nobody was told and her review still counted. Now a submitted review that is not
final goes back to unsubmitted (no longer counted; the lead withdraws her or finalises
without her), the lead and deputy are mailed, the lead's to-do and the consolidation page
say so with her reason, and the audit log records it. A final review does not change: the
declaration is recorded and the lead told, as the declaring page says before she sends it.
"""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.mail.models import OutboxMessage
from rcapp.reviews import services
from rcapp.reviews.models import AssignmentStatus, Decision, Review, ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import (
    ReviewWorld,
    make_review_world,
    reviewers_of,
    submit_all,
    submit_and_finalise,
)
from tests.web.helpers import page_text

REASON = "评审提交后才得知配偶已入职该单位"


def _both_submitted(world: ReviewWorld) -> Review:
    """An on-site review of company 0 whose two reviewers have both submitted."""
    review = services.assign_reviewers(
        world.assessments[0], ReviewKind.ONSITE, reviewers_of(world, 0), world.lead
    )
    submit_all(review)
    return review


def _plain(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html.unescape(page)))


def _declare(client: FlaskClient, world: ReviewWorld, reviewer_id: int) -> str:
    response = client.post(
        "/reviews/conflicts",
        data={"person": reviewer_id, "organisation": world.companies[0].id, "reason": REASON},
        follow_redirects=True,
    )
    assert response.status_code == 200
    return _plain(response.get_data(as_text=True))


def test_declared_after_submitting_the_review_no_longer_counts_and_the_lead_is_told(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    review = _both_submitted(world)
    late = review.assignments[0]
    reviewer = late.reviewer
    item_id = review.sample[0]
    db_session.commit()
    auth.login(reviewer.email)

    # Said before she sends it.
    form = _plain(page_text(client, "/reviews/conflicts"))
    named = f"{reviewer.name}：{world.companies[0].name_zh} 2025 年度"
    assert f"已提交、尚未定级的评审：{named}" in form
    assert "这项评审即退回为未提交，不再计入评审结果" in form

    said = _declare(client, world, reviewer.id)
    assert "以下已提交的评审已退回为未提交，不再计入评审结果" in said

    db_session.expire_all()
    assert late.status is AssignmentStatus.ASSIGNED
    assert late.submitted_at is not None
    assert [a.id for a in review.submitted_assignments] == [review.assignments[1].id]
    # She can no longer change it: a save is refused.
    client.post(
        f"/reviews/assignments/{late.id}/items/{item_id}",
        data={f"d-{item_id}-decision": Decision.ADJUST.value, f"d-{item_id}-seen": "0"},
    )
    db_session.expire_all()
    assert {d.decision for d in late.decisions} == {Decision.ACCEPT}

    told = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "review.conflict")
    ).all()
    assert world.lead.email in {m.to_address for m in told}
    assert all("提交对" in m.body and "不再计入评审结果" in m.body for m in told)
    assert all(REASON in m.body for m in told)
    logged = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "review.conflict_after_submit")
    ).all()
    assert [(e.entity_id, e.reason) for e in logged] == [(review.id, REASON)]

    auth.logout()
    auth.login(world.lead.email)
    todo = _plain(page_text(client, "/"))
    assert f"评审员在提交后声明了利益冲突：{reviewer.name}" in todo
    assert f"待工作组组长或副组长处理。原因：{REASON}" in todo
    page = _plain(page_text(client, f"/reviews/{review.id}/consolidate"))
    assert "评审员在提交后声明了利益冲突" in page
    assert f"原因：{REASON}" in page
    assert "其评审已退回为未提交，不再计入评审结果" in page

    client.get("/lang/en")
    todo = _plain(page_text(client, "/"))
    assert "declared a conflict of interest after submitting" in todo
    assert f"for the working-group lead or deputy lead to handle. Reason: {REASON}" in todo
    page = _plain(page_text(client, f"/reviews/{review.id}/consolidate"))
    assert "A reviewer declared a conflict of interest after submitting" in page
    assert f". Reason: {REASON}" in page


def test_declared_after_the_review_was_final_nothing_final_changes_and_the_lead_is_told(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    review = services.assign_reviewers(
        world.assessments[0], ReviewKind.ONSITE, reviewers_of(world, 0), world.lead
    )
    submit_and_finalise(review, world.lead)
    reviewer = review.assignments[0].reviewer
    final = (review.status, review.final_score, review.final_stars, review.finalised_at)
    db_session.commit()
    auth.login(reviewer.email)

    form = _plain(page_text(client, "/reviews/conflicts"))
    assert f"已定级的评审：{reviewer.name}：{world.companies[0].name_zh} 2025 年度" in form
    assert "已定级的评审结果和星级不会改变" in form

    said = _declare(client, world, reviewer.id)
    assert "以下评审已定级，结果不变" in said

    db_session.expire_all()
    assert (review.status, review.final_score, review.final_stars, review.finalised_at) == final
    assert [a.status for a in review.assignments] == [AssignmentStatus.SUBMITTED] * 2
    told = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "review.conflict")
    ).all()
    assert world.lead.email in {m.to_address for m in told}
    assert all("定级后" in m.body and "结果和星级不变" in m.body for m in told)
    logged = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "review.conflict_after_final")
    ).all()
    assert [(e.entity_id, e.reason) for e in logged] == [(review.id, REASON)]
