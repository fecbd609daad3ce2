"""Finalising with a reviewer who never submitted (qa20 D4): said first, then withdrawn.

A desk review needs one submitted reviewer; the second declared a conflict and never
submitted. The confirmation names him, finalising withdraws him (audited, mailed), and he
no longer counts in the workload nor lists the review among his finalised reviews.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.clock import beijing_today
from rcapp.mail.models import OutboxMessage
from rcapp.reviews import group_scope, queries, reviewing, services, settling
from rcapp.reviews.models import (
    AssignmentStatus,
    FindingKind,
    Review,
    ReviewAssignment,
    ReviewKind,
)
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, make_review_world, reviewers_of
from tests.web.helpers import page_text

REASON = "亲属在该单位任职"


def _one_submitted_one_conflicted(world: ReviewWorld) -> tuple[Review, ReviewAssignment]:
    """Desk review of company 0: the first reviewer submits, the second declares a conflict."""
    review = services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0), world.lead
    )
    done, left = review.assignments
    reviewing.accept_remaining(done, list(review.sample), set(), done.reviewer)
    reviewing.submit_assignment(done, done.reviewer)
    services.declare_conflict(left.reviewer, world.companies[0], REASON, left.reviewer)
    return review, left


def _plain(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html.unescape(page)))


def test_the_confirmation_names_the_open_reviewer_and_finalising_withdraws_him(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    review, left = _one_submitted_one_conflicted(world)
    reviewer = left.reviewer
    db_session.commit()
    auth.login(world.lead.email)

    page = page_text(client, f"/reviews/{review.id}/finalise")
    text = _plain(page)
    assert "1 名评审员尚未提交，定级时将被撤回" in text
    # The header counts both assigned reviewers, as the group page does (qa23 S7).
    assert "· 2 名评审员，其中 1 名未提交，定级时将被撤回" in text
    assert f"{reviewer.name}：已保存 0 项结论和 0 条评审发现，将随之删除" in text
    assert REASON in text  # the declared conflict, said beside him
    client.get("/lang/en")
    text = _plain(page_text(client, f"/reviews/{review.id}/finalise"))
    assert "1 reviewer has not submitted and will be withdrawn when the rating is made" in text
    assert "2 reviewers, 1 not yet submitted (withdrawn when the rating is made)" in text
    shown = re.search(r'name="shown" type="hidden" value="([^"]*)"', page)
    assert shown is not None

    response = client.post(f"/reviews/{review.id}/finalise", data={"shown": shown.group(1)})
    assert response.status_code == 302
    db_session.expire_all()
    assert review.is_final
    assert [a.status for a in review.assignments] == [AssignmentStatus.SUBMITTED]
    assert reviewer.id not in {a.reviewer_id for a in review.assignments}
    logged = db_session.scalars(
        select(AuditEntry).where(
            AuditEntry.entity_id == review.id, AuditEntry.action == "review.withdraw_at_final"
        )
    ).all()
    assert len(logged) == 1
    assert reviewer.email in (logged[0].before or "")
    mailed = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == reviewer.email)
    ).all()
    assert any(m.kind == "review.withdraw" for m in mailed)
    # no longer his work: not in the workload, not among his finalised reviews
    assert queries.workload(world.cycle.id).get(reviewer.id, (0, 0)) == (0, 0)
    load = group_scope.group_workload(world.group, world.cycle).get(reviewer.id)
    assert load is None or (load.open, load.submitted) == (0, 0)
    assert queries.completed_assignments_for(reviewer) == []


def test_an_older_final_review_left_open_is_not_the_reviewers_work(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """Finalised before this fix: the unsubmitted assignment stayed; it counts nowhere now."""
    world = make_review_world(3)
    review, left = _one_submitted_one_conflicted(world)
    reviewer, organisation_id = left.reviewer, left.reviewer_organisation_id
    settling.finalise_review(review, 30, world.lead)
    # as the code before this fix left it: final, with the conflicted assignment still open
    db_session.add(
        ReviewAssignment(
            review_id=review.id,
            reviewer_id=reviewer.id,
            reviewer_organisation_id=organisation_id,
            status=AssignmentStatus.ASSIGNED,
        )
    )
    db_session.commit()
    assert queries.workload(world.cycle.id).get(reviewer.id, (0, 0)) == (0, 0)
    load = group_scope.group_workload(world.group, world.cycle).get(reviewer.id)
    assert load is None or (load.open, load.submitted) == (0, 0)
    assert queries.completed_assignments_for(reviewer) == []
    auth.login(reviewer.email)
    assert 'id="completed"' not in page_text(client, "/reviews/")


def test_the_conflicted_reviewers_home_row_says_he_waits_for_the_lead(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa20 S14: the to-do row still said "21 days left" after he declared the conflict."""
    world = make_review_world(3)
    _review, left = _one_submitted_one_conflicted(world)
    db_session.commit()
    auth.login(left.reviewer.email)
    row = re.search(
        r"<tr[^>]*>(?:(?!</tr>).)*" + str(world.cycle.year) + r".*?</tr>",
        page_text(client, "/"),
        re.S,
    )
    assert row is not None
    assert "存在利益冲突，不能保存或提交：等待工作组组长或副组长撤回" in row.group(0)
    assert "还剩" not in row.group(0)


def test_the_confirmation_warns_of_corrective_actions_already_past_due(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """QA23 S6: an action due before the day of finalising is overdue at once; say so first."""
    world = make_review_world(3)
    review = services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0)[:1], world.lead
    )
    (done,) = review.assignments
    reviewing.accept_remaining(done, list(review.sample), set(), done.reviewer)
    past, future = dt.date(2025, 1, 10), beijing_today() + dt.timedelta(days=60)
    for text, due in (("更新应急预案并演练", past), ("补充承运商评估记录", future)):
        reviewing.add_finding(
            done, FindingKind.CORRECTIVE_ACTION, text, None, "安全部", due, done.reviewer
        )
    reviewing.submit_assignment(done, done.reviewer)
    db_session.commit()
    auth.login(world.lead.email)

    text = _plain(page_text(client, f"/reviews/{review.id}/finalise"))
    days = (beijing_today() - past).days
    assert "1 项整改的截止日期已过，定级后将立即显示为已逾期：" in text
    assert f"更新应急预案并演练 · 截止日期 2025-01-10 · 已逾期 {days} 天" in text
    assert "补充承运商评估记录" not in text.split("已逾期：")[1].split("定级后评级即为最终结果")[0]
    client.get("/lang/en")
    text = _plain(page_text(client, f"/reviews/{review.id}/finalise"))
    assert "1 corrective action is already past its due date" in text


def test_no_warning_when_no_action_is_past_due(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    review, _left = _one_submitted_one_conflicted(world)
    db_session.commit()
    auth.login(world.lead.email)
    assert 'id="overdue-actions"' not in page_text(client, f"/reviews/{review.id}/finalise")


def test_a_re_rating_says_the_first_ratings_overdue_action_is_shown_overdue_already(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """QA37 S6: after an upheld appeal the action is overdue on the company's page already."""
    world = make_review_world(3)
    review = services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0)[:1], world.lead
    )
    (done,) = review.assignments
    reviewing.accept_remaining(done, list(review.sample), set(), done.reviewer)
    past = dt.date(2025, 1, 10)
    text, owner = "更新应急预案并演练", "安全部"
    reviewing.add_finding(
        done, FindingKind.CORRECTIVE_ACTION, text, None, owner, past, done.reviewer
    )
    reviewing.submit_assignment(done, done.reviewer)
    settling.finalise_review(review, 30, world.lead)
    assert review.appeal_until is not None
    appeal = settling.file_appeal(review, "评级有误", review.appeal_until, world.members[0])
    settling.decide_appeal(appeal, True, "请组长重新裁定", world.secretariat)
    db_session.commit()
    auth.login(world.lead.email)

    text = _plain(page_text(client, f"/reviews/{review.id}/finalise"))
    assert "定级后将立即显示为已逾期" not in text
    assert "1 项整改的截止日期已过，本单位页面上已显示为已逾期，重新定级后仍须整改：" in text
    assert "更新应急预案并演练 · 截止日期 2025-01-10" in text
    client.get("/lang/en")
    text = _plain(page_text(client, f"/reviews/{review.id}/finalise"))
    assert "as soon as the rating is made" not in text
    assert "already shown as overdue on the organisation's pages" in text
