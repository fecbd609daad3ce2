"""A reviewer withdrawn twice, and the withdrawal's audit entry (concfix3 items 3 and 4).

A second lead (or the same lead in another tab) withdrawing a reviewer already withdrawn is
told by whom and when, and nothing else changes. The entry keeps the assignment's id, so a
withdrawn reviewer opening an old address is told the organisation of that address.
"""

from __future__ import annotations

import html
import json

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from rcapp.accounts.models import GroupRole
from rcapp.audit.models import AuditEntry
from rcapp.mail.models import OutboxMessage
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewAssignment, ReviewKind
from tests.audit_guard import allow_audit_updates
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user
from tests.factories_reviews import ReviewWorld, make_review_world, reviewers_of


def _text(response: TestResponse) -> str:
    return html.unescape(response.get_data(as_text=True))


def _assigned(db_session: Session) -> tuple[ReviewWorld, ReviewAssignment]:
    world = make_review_world(3)
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0), world.lead
    )
    db_session.commit()
    return world, review.assignments[0]


def _counts(db_session: Session) -> tuple[int, int, int]:
    return (
        db_session.scalar(select(func.count()).select_from(ReviewAssignment)) or 0,
        # not the logins and log-outs the test's own sign-ins add
        db_session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action.not_in(("login", "logout")))
        )
        or 0,
        db_session.scalar(select(func.count()).select_from(OutboxMessage)) or 0,
    )


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_second_lead_withdrawing_the_same_reviewer_is_told_who_did(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, assignment = _assigned(db_session)
    other_lead = make_user(make_organisation(), name="周建国")
    make_group_role(other_lead, world.group, GroupRole.LEAD)
    db_session.commit()
    reviewer, assessment_id = assignment.reviewer.name, assignment.review.assessment_id
    url = f"/reviews/assignments/{assignment.id}/withdraw"
    auth.login(other_lead.email)
    client.get(f"/lang/{lang}")
    assert client.get(url).status_code == 200  # the second lead's confirmation page
    auth.login(world.lead.email)
    assert client.post(url, data={"confirmed": "1"}).status_code == 302
    before = _counts(db_session)
    auth.login(other_lead.email)
    client.get(f"/lang/{lang}")

    response = client.post(url, data={"confirmed": "1"})

    assert response.status_code == 302
    assert response.location.endswith(f"/reviews/assessments/{assessment_id}/assign")
    page = _text(client.get(response.location))
    if lang == "zh_CN":
        assert f"评审员 {reviewer} 已于 " in page
        assert f"由{world.lead.name} 撤回，无需再次撤回。" in page
        assert "（北京时间）" in page
    else:
        assert f"{reviewer} was already withdrawn by {world.lead.name} at " in page
    db_session.expire_all()
    assert _counts(db_session) == before  # nothing else changes
    # The confirmation page opened again says the same.
    again = client.get(url)
    assert again.status_code == 302


def test_the_same_lead_in_another_tab_is_told_it_was_them(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assignment = _assigned(db_session)
    url = f"/reviews/assignments/{assignment.id}/withdraw"
    auth.login(world.lead.email)
    assert client.post(url, data={"confirmed": "1"}).status_code == 302
    page = _text(client.post(url, data={"confirmed": "1"}, follow_redirects=True))
    assert "由您撤回（在另一窗口、标签页或设备中），无需再次撤回。" in page
    client.get("/lang/en")
    page = _text(client.post(url, data={"confirmed": "1"}, follow_redirects=True))
    assert "already withdrawn by you (in another window, tab or device)" in page


def test_someone_not_managing_the_review_still_gets_a_404(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assignment = _assigned(db_session)
    url = f"/reviews/assignments/{assignment.id}/withdraw"
    auth.login(world.lead.email)
    client.post(url, data={"confirmed": "1"})
    auth.login(world.members[1].email)
    assert client.post(url, data={"confirmed": "1"}).status_code == 404


def test_the_withdrawal_entry_keeps_the_assignment_and_its_ids(
    db_session: Session,
) -> None:
    world, assignment = _assigned(db_session)
    assignment_id, assessment = assignment.id, world.assessments[0]
    review_services.withdraw_assignment(assignment, world.lead)
    db_session.commit()
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "review.withdraw")
    ).one()
    before = json.loads(entry.before or "{}")
    assert before["assignment"] == assignment_id
    assert before["assessment_id"] == assessment.id
    assert before["organisation_id"] == assessment.organisation_id


def _withdrawn_twice(db_session: Session) -> tuple[ReviewWorld, object, int, int]:
    """The same reviewer withdrawn from company 0's review, then from company 1's."""
    world = make_review_world(3)
    reviewer = world.reviewers[2]  # a reviewer of companies 0 and 1 (reviewers_of)
    first = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, [reviewer], world.lead
    )
    second = review_services.assign_reviewers(
        world.assessments[1], ReviewKind.DESK, [reviewer], world.lead
    )
    mine = [
        next(a for a in review.assignments if a.reviewer_id == reviewer.id)
        for review in (first, second)
    ]
    ids = [a.id for a in mine]
    for assignment in mine:
        review_services.withdraw_assignment(assignment, world.lead)
    db_session.commit()
    return world, reviewer, ids[0], ids[1]


def test_a_withdrawn_reviewer_is_told_the_organisation_of_the_address_opened(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, reviewer, first, second = _withdrawn_twice(db_session)
    auth.login(reviewer.email)  # type: ignore[attr-defined]
    names = [c.display_name("zh_CN") for c in world.companies]
    page = _text(client.get(f"/reviews/assignments/{first}", follow_redirects=True))
    assert f"组长{world.lead.name} 已撤回您对{names[0]}的评审任务。" in page
    page = _text(client.get(f"/reviews/assignments/{second}", follow_redirects=True))
    assert f"组长{world.lead.name} 已撤回您对{names[1]}的评审任务。" in page
    client.get("/lang/en")
    page = _text(client.get(f"/reviews/assignments/{first}", follow_redirects=True))
    assert f"Your review of {world.companies[0].display_name('en')} was withdrawn" in page


def test_older_entries_without_the_id_name_the_latest_withdrawal(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, reviewer, first, _second = _withdrawn_twice(db_session)
    allow_audit_updates(db_session)  # stand for entries written before the id was kept
    for entry in db_session.scalars(select(AuditEntry).where(AuditEntry.entity == "review")):
        before = json.loads(entry.before or "{}")
        if "assignment" in before:
            kept = {"reviewer": before["reviewer"], "decisions": 0, "findings": 0}
            db_session.execute(
                update(AuditEntry).where(AuditEntry.id == entry.id).values(before=json.dumps(kept))
            )
    db_session.commit()
    auth.login(reviewer.email)  # type: ignore[attr-defined]
    page = _text(client.get(f"/reviews/assignments/{first}", follow_redirects=True))
    assert f"{world.companies[1].display_name('zh_CN')}的评审任务。" in page
