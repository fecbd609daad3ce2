"""A membership change that ends a reviewer's conflict of interest is told, as its start is.

The lead and deputy get a short e-mail in their language saying the reviewer can continue,
and the audit log records `review.conflict_ended`. Changes that end no conflict send none.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, User
from rcapp.audit.models import AuditEntry
from rcapp.mail.models import OutboxMessage
from rcapp.organisations.models import Organisation
from rcapp.reviews import reviewing, services
from rcapp.reviews.models import ReviewAssignment, ReviewKind
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user
from tests.factories_reviews import ReviewWorld, make_review_world

ITEM = "MS.G1.1"
ENDED = "review.conflict_ended"


def _assigned(db_session: Session) -> tuple[ReviewWorld, ReviewAssignment, User]:
    """Company 0's desk review, by the reviewer of company 1; a deputy beside the lead."""
    world = make_review_world(3)
    review = services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, [world.reviewers[1]], world.lead
    )
    deputy = make_user(make_organisation())
    make_group_role(deputy, world.group, GroupRole.DEPUTY)
    db_session.commit()
    return world, review.assignments[0], deputy


def _join(client: FlaskClient, organisation: Organisation, user: User) -> None:
    response = client.post(
        f"/organisations/{organisation.id}/users/join",
        data={"join-email": user.email, "join-role": "member"},
    )
    assert response.status_code == 302


def _remove(client: FlaskClient, organisation: Organisation, user: User) -> None:
    response = client.post(
        f"/organisations/{organisation.id}/users/{user.id}/remove", data={"confirmed": "1"}
    )
    assert response.status_code == 302


def _ended(db_session: Session) -> list[OutboxMessage]:
    return list(db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == ENDED)))


@pytest.mark.parametrize(
    ("lang", "subject", "said", "reason", "go_on"),
    [
        (
            "zh",
            "评审员利益冲突已解除：{org}（2025 年度）",
            "的评审任务不再存在利益冲突（原为：评审员来自被评审单位本身）",
            "评审员来自被评审单位本身",
            "该评审员可以继续评审",
        ),
        (
            "en",
            "Reviewer's conflict of interest ended: {org} (2025)",
            "is no longer in a conflict of interest (it was: The reviewer works for the "
            "reviewed organisation)",
            "The reviewer works for the reviewed organisation",
            "The reviewer can continue the review",
        ),
    ],
)
def test_leaving_the_reviewed_organisation_again_tells_the_lead_and_deputy(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    subject: str,
    said: str,
    reason: str,
    go_on: str,
) -> None:
    world, assignment, deputy = _assigned(db_session)
    reviewer, reviewed = assignment.reviewer, world.companies[0]
    world.lead.language = deputy.language = lang
    db_session.commit()
    auth.login(world.secretariat.email)
    _join(client, reviewed, reviewer)
    assert _ended(db_session) == []  # the conflict began: that notice is another one
    _remove(client, reviewed, reviewer)

    mails = _ended(db_session)
    assert sorted(m.to_address for m in mails) == sorted([world.lead.email, deputy.email])
    mail = mails[0]
    assert mail.subject == subject.format(org=reviewed.display_name(lang))
    body = " ".join(mail.body.split())
    assert reviewer.name in body
    assert reviewed.display_name(lang) in body
    assert said in body
    assert reason in body
    assert go_on in body
    assert f"/reviews/assessments/{world.assessments[0].id}/assign" in body
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == ENDED)).one()
    assert entry.entity_id == assignment.review_id
    assert entry.actor_id == world.secretariat.id
    auth.logout()

    # And so it is: the reviewer's save goes through again.
    auth.login(reviewer.email)
    response = client.post(
        f"/reviews/assignments/{assignment.id}/items/{ITEM}",
        data={f"d-{ITEM}-decision": "adjust", f"d-{ITEM}-level": "2", f"d-{ITEM}-reason": "理由"},
    )
    assert response.status_code == 302
    assert reviewing.decision_of(assignment, ITEM) is not None


def test_joining_an_organisation_again_ends_the_conflict_of_having_none(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assignment, _deputy = _assigned(db_session)
    reviewer, own = assignment.reviewer, world.companies[1]
    auth.login(world.secretariat.email)
    _remove(client, own, reviewer)
    assert _ended(db_session) == []
    _join(client, own, reviewer)
    mails = _ended(db_session)
    assert len(mails) == 2
    assert "原为：评审员已不属于任何会员单位" in " ".join(mails[0].body.split())
    auth.logout()
    auth.login(world.secretariat.email)
    client.get("/lang/en")
    page = html.unescape(client.get("/audit/").get_data(as_text=True))
    assert "Reviewer's conflict of interest ended after a change of organisation" in page


def test_changes_that_end_no_conflict_send_no_such_notice(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assignment, _deputy = _assigned(db_session)
    reviewer, reviewed = assignment.reviewer, world.companies[0]
    elsewhere = make_organisation()
    db_session.commit()
    auth.login(world.secretariat.email)
    _join(client, elsewhere, reviewer)  # no conflict before or after
    _remove(client, elsewhere, reviewer)
    _join(client, reviewed, reviewer)  # in conflict from here on
    _join(client, elsewhere, reviewer)
    _remove(client, elsewhere, reviewer)  # still in conflict: still a member of `reviewed`
    assert _ended(db_session) == []


@pytest.mark.parametrize(
    ("lang", "began", "ended"),
    [
        (
            "zh",
            "以下评审任务因此存在利益冲突",
            "以下评审任务的利益冲突因此已解除，评审员可以继续评审，"
            "已通知工作组组长和副组长：{org} 2025 年度。",
        ),
        (
            "en",
            "These review assignments are now in a conflict of interest",
            "These review assignments are no longer in a conflict of interest; the reviewer can "
            "continue the review, and the working-group lead and deputy have been told: "
            "{org} (2025).",
        ),
    ],
)
def test_the_secretariat_sees_on_screen_which_conflicts_a_change_ended(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    began: str,
    ended: str,
) -> None:
    world, assignment, _deputy = _assigned(db_session)
    reviewer, reviewed = assignment.reviewer, world.companies[0]
    auth.login(world.secretariat.email)
    client.get(f"/lang/{'zh_CN' if lang == 'zh' else 'en'}")
    _join(client, reviewed, reviewer)
    page = html.unescape(client.get(f"/organisations/{reviewed.id}/users").get_data(as_text=True))
    assert began in page
    ended_text = ended.format(org=world.assessments[0].organisation.display_name(lang))
    assert ended_text not in page
    _remove(client, reviewed, reviewer)
    page = html.unescape(client.get(f"/organisations/{reviewed.id}/users").get_data(as_text=True))
    assert ended_text in page
    assert began not in page
