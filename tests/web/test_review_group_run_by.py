"""The group page says who runs a review the lead may not manage (qa10 D3).

Rows of organisations whose review another working group runs said "本单位的评审由其他组长
或秘书处负责" (your own organisation's review …); they now name the group, as the assign
page does. A review nobody is assigned to shows no kind ("未指派 文审").
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, Membership
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewKind
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user, make_working_group
from tests.factories_reviews import make_review_world, reviewers_of


def _row(page: str, name: str) -> str:
    rows = html.unescape(page).split("<tr>")[1:]
    return next(r for r in rows if name in r).split("</tr>")[0]


@pytest.mark.parametrize(
    ("lang", "run_by", "own"),
    [
        ("zh", "该单位的评审由工作组X负责", "本单位的评审由其他工作组组长、副组长或秘书处负责"),
        # QA33 S10: "run by Group X", lower case and without an article, under a sentence
        ("en", "This organisation's review is managed by the Group X", "Your own organisation's"),
    ],
)
def test_a_row_names_the_group_running_its_review_and_own_only_for_the_own_organisation(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, run_by: str, own: str
) -> None:
    world = make_review_world(3)
    other = make_working_group(name_zh="工作组X", name_en="Group X")
    other_lead = make_user(make_organisation())
    make_group_role(other_lead, other, GroupRole.LEAD)
    for company in world.companies[:2]:
        other.organisations.append(company)
    review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0), other_lead, group_id=other.id
    )
    # The lead's own organisation is company 1: its review is someone else's to run.
    db_session.add(Membership(user=world.lead, organisation=world.companies[1]))
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/reviews/groups/{world.group.id}").get_data(as_text=True)
    names = [c.display_name(lang) for c in world.companies]
    assert run_by in _row(page, names[0])
    assert own not in _row(page, names[0])
    assert own in _row(page, names[1])
    # QA33 S10: the column lists one reviewer or more: "Reviewers" over it in English
    header = html.unescape(page).split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert ('<th scope="col">Reviewers</th>' if lang == "en" else ">评审员</th>") in header


def test_an_unassigned_review_shows_no_kind(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0)[:1], world.lead
    )
    review_services.withdraw_assignment(review.assignments[0], world.lead)
    db_session.commit()
    auth.login(world.lead.email)
    page = client.get(f"/reviews/groups/{world.group.id}").get_data(as_text=True)
    cells = _row(page, world.companies[0].display_name("zh")).split("<td")
    assert "未指派" in cells[4]
    assert "文审" not in cells[4]
