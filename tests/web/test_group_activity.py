"""本组操作记录: a lead or deputy sees the audit trail of the group's own reviews (QA grouprun 2).

The deputy taking over was refused /audit/ (403) and could not see what the lead had done.
The group's page now links its own activity: the work of running the group's reviews, no
other group's, no reviewer's drafts; a lead of another group and a member are refused.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.assessments.queries import rubric_of
from rcapp.reviews import review_days, reviewing, services
from rcapp.reviews.group_activity import GROUP_ACTIONS, activity, group_review_ids
from rcapp.reviews.models import Decision, Review
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user, make_working_group
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world

TITLE = {"zh": "本组操作记录", "en": "Group activity"}


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _world(db_session: Session) -> tuple[ReviewWorld, Review, Review, str, str]:
    """Review 0 run by the group, its lead withdrew a reviewer; review 1 moved to another group."""
    world = make_review_world(5)
    reviews = assign_all(world)
    ours, theirs = reviews[0], reviews[1]
    services.remove_assignment(ours.assignments[1], world.lead, "review.withdraw")
    draft = ours.assignments[0]
    item = rubric_of(ours.assessment).item_index()["C1.E1.1"]
    reviewing.save_decision(draft, item, False, Decision.ADJUST, 1, "草稿理由", draft.reviewer)
    other = make_working_group()
    theirs.working_group_id = other.id
    other_lead = make_user(make_organisation(), name="外组组长")
    make_group_role(other_lead, other, GroupRole.LEAD)
    deputy = make_user(make_organisation(), name="郑凯")
    make_group_role(deputy, world.group, GroupRole.DEPUTY)
    db_session.commit()
    return world, ours, theirs, deputy.email, other_lead.email


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_deputy_sees_the_leads_withdrawal_in_the_groups_activity(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, _ours, _theirs, deputy, _other = _world(db_session)
    auth.login(deputy)
    client.get(f"/lang/{lang}")
    assert client.get("/audit/").status_code == 403  # the whole log stays the secretariat's
    group_page = client.get(f"/reviews/groups/{world.group.id}").get_data(as_text=True)
    assert f'href="/reviews/groups/{world.group.id}/activity"' in group_page
    response = client.get(f"/reviews/groups/{world.group.id}/activity")
    assert response.status_code == 200
    page = _text(response.get_data(as_text=True))
    assert TITLE[lang] in page
    assert world.companies[0].display_name(lang) in page
    assert world.lead.name in page  # who withdrew the reviewer
    assert "草稿理由" not in page  # a reviewer's draft decision is hers


def test_only_the_groups_reviews_and_its_work_are_in_scope(
    client: FlaskClient, db_session: Session
) -> None:
    world, ours, theirs, _deputy, _other = _world(db_session)
    ids = group_review_ids(world.group, world.lead)
    assert ours.id in ids
    assert theirs.id not in ids
    entries = list(db_session.scalars(activity(ids)))
    actions = {e.action for e in entries}
    assert {"review.assign", "review.withdraw"} <= actions
    assert "review.decide" not in actions
    assert actions <= set(GROUP_ACTIONS)
    assert {e.entity_id for e in entries} <= set(ids)


def test_a_due_day_moved_alone_is_in_the_groups_activity(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """The lead moves only the due day (review_days): the deputy taking over sees it."""
    world, ours, _theirs, deputy, _other = _world(db_session)
    due = review_days.days_of(ours).due_on
    assert due is not None
    wanted = review_days.ReviewDays(ours.visit_on, due + dt.timedelta(days=5))
    review_days.move_days(ours, wanted, world.lead, review_days.days_stamp(ours))
    db_session.commit()
    auth.login(deputy)
    page = _text(client.get(f"/reviews/groups/{world.group.id}/activity").get_data(True))
    assert "更改评审结论提交期限" in page
    assert "现场评审日期和提交期限" in page  # the scope says so


def test_a_lead_of_another_group_and_a_member_are_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, _ours, _theirs, _deputy, other_lead = _world(db_session)
    for email in (other_lead, world.members[0].email, world.reviewers[1].email):
        auth.login(email)
        response = client.get(f"/reviews/groups/{world.group.id}/activity")
        assert response.status_code == 403
        assert world.lead.name not in response.get_data(as_text=True)
        auth.logout()
