"""A review belongs to the working group it was set up in: only that group's lead and
deputy run it, are told when an action is closed and may confirm it; the lead of another
group the organisation belongs to is not involved.
"""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.mail.models import OutboxMessage
from rcapp.reviews import queries, reviewing, settling
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ActionStatus, FindingKind, ReviewKind
from rcapp.reviews.permissions import ReviewAction, can_review
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user, make_working_group
from tests.factories_reviews import make_review_world, reviewers_of, submit_all


def test_only_the_owning_groups_lead_is_told_and_may_confirm(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    other = make_working_group()
    other.organisations.append(world.companies[0])  # company 0 is in two groups
    other_lead = make_user(make_organisation(), name="另一组组长")
    make_group_role(other_lead, other, GroupRole.LEAD)
    review = review_services.assign_reviewers(
        world.assessments[0],
        ReviewKind.ONSITE,
        reviewers_of(world, 0),
        world.lead,
        group_id=world.group.id,
    )
    assert review.working_group_id == world.group.id
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
    submit_all(review)
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    auth.login(world.members[0].email)

    closed = client.post(
        f"/reviews/findings/{action.id}/close", data={f"c-{action.id}-evidence": "已补签"}
    )

    assert closed.status_code == 302
    db_session.expire_all()
    told = db_session.scalars(
        select(OutboxMessage.to_address).where(OutboxMessage.kind == "action.close")
    ).all()
    assert told == [world.lead.email]
    assert not can_review(other_lead, ReviewAction.ACCEPT_ACTION, action)
    assert not can_review(other_lead, ReviewAction.MANAGE, review)
    assert not can_review(other_lead, ReviewAction.MANAGE, world.assessments[0])
    assert can_review(world.lead, ReviewAction.ACCEPT_ACTION, action)
    auth.logout()
    auth.login(other_lead.email)
    refused = client.post(f"/reviews/findings/{action.id}/accept/1")
    assert refused.status_code == 403
    db_session.refresh(action)
    assert action.action_status is ActionStatus.CLOSED


def test_a_review_belongs_to_the_group_page_it_was_set_up_from(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    other = make_working_group()
    other.organisations.append(world.companies[0])
    make_group_role(world.lead, other, GroupRole.LEAD)  # the lead leads both groups
    db_session.commit()
    auth.login(world.lead.email)
    target = world.assessments[0]
    reviewer = reviewers_of(world, 0)[0]

    response = client.post(
        f"/reviews/assessments/{target.id}/assign?group={other.id}",
        data={"kind": "desk", "reviewers": [str(reviewer.id)]},
    )

    assert response.status_code == 302
    review = queries.find_review(target)
    assert review is not None
    assert review.working_group_id == other.id


def test_without_a_group_asked_the_actors_first_led_group_owns_it(db_session: Session) -> None:
    world = make_review_world(3)
    other = make_working_group()
    other.organisations.append(world.companies[0])
    assert review_services.owning_group(world.assessments[0], world.lead) == world.group.id
    assert review_services.owning_group(world.assessments[0], world.lead, other.id) == (
        world.group.id  # asked for a group the actor does not lead: their own
    )
