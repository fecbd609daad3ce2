"""The lead's assign page says who reviewed the organisation in earlier years (QA47).

It did not, so the lead could not rotate reviewers or keep continuity knowingly; and a
reviewer of another working group the organisation is also in was offered without a word.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.assessments.models import Assessment
from rcapp.reviews.earlier_reviewers import earlier_reviewers
from rcapp.reviews.models import AssignmentStatus, Review, ReviewAssignment, ReviewKind
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user, make_working_group
from tests.factories_reviews import ReviewWorld, make_review_world


def _reviewed_last_year(session: Session, world: ReviewWorld, *reviewers: int) -> None:
    """Reviewers (by index) submitted their review of company 0's 2024 self-assessment."""
    before = session.scalars(
        select(Assessment).where(
            Assessment.organisation_id == world.companies[0].id,
            Assessment.cycle_id != world.cycle.id,
        )
    ).one()
    review = Review(assessment_id=before.id, kind=ReviewKind.DESK)
    session.add(review)
    session.flush()
    for i in reviewers:
        reviewer = world.reviewers[i]
        session.add(
            ReviewAssignment(
                review_id=review.id,
                reviewer_id=reviewer.id,
                reviewer_organisation_id=world.companies[i].id,
                status=AssignmentStatus.SUBMITTED,
            )
        )
    # one assigned but never submitted: not a reviewer of that year
    session.add(
        ReviewAssignment(
            review_id=review.id,
            reviewer_id=world.reviewers[4].id,
            reviewer_organisation_id=world.companies[4].id,
        )
    )
    session.flush()


def _cell(page: str, user_id: int) -> str:
    row = next(r for r in page.split("<tr>") if f'id="reviewer-{user_id}"' in r)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split())


@pytest.mark.parametrize(
    ("lang", "top", "mark", "why"),
    [
        (
            "zh",
            "2024 年度评审本单位的评审员：评审员2、评审员3",
            "2024 年度曾评审本单位",
            "的评审员：本单位也属于该工作组，因此也可指派",
        ),
        (
            "en",
            "Reviewers of this organisation in 2024: 评审员2, 评审员3",
            "reviewed this organisation in 2024",
            ": this organisation is in that working group too, so they may be assigned",
        ),
    ],
)
def test_the_assign_page_names_last_years_reviewers_and_other_groups_ones(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    top: str,
    mark: str,
    why: str,
) -> None:
    world = make_review_world(5)
    _reviewed_last_year(db_session, world, 2, 3)
    other = make_working_group()
    other.organisations.append(world.companies[0])
    outsider = make_user(make_organisation(), name="外组评审员")
    make_group_role(outsider, other, GroupRole.REVIEWER)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    url = f"/reviews/assessments/{world.assessments[0].id}/assign?group={world.group.id}"
    page = client.get(url).get_data(as_text=True)
    found = re.search(r'id="last-year-reviewers">(.*?)</p>', page, flags=re.S)
    assert found is not None
    assert top in " ".join(html.unescape(re.sub(r"<[^>]+>", "", found[1])).split())
    assert mark in _cell(page, world.reviewers[2].id)
    assert mark in _cell(page, world.reviewers[3].id)
    assert mark not in _cell(page, world.reviewers[4].id)  # assigned, never submitted
    assert mark not in _cell(page, world.reviewers[1].id)
    group_name = other.name_zh if lang == "zh" else other.name_en
    assert f"{group_name}{why}" in _cell(page, outsider.id)
    assert why not in _cell(page, world.reviewers[1].id)  # of the page's own group


def test_a_first_year_says_nobody_reviewed_it_and_nothing_per_reviewer(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.lead.email)
    page = client.get(f"/reviews/assessments/{world.assessments[0].id}/assign").get_data(
        as_text=True
    )
    assert "2024 年度没有评审员评审本单位。" in page
    assert "曾评审本单位" not in page
    assert "也属于该工作组" not in page


def test_earlier_reviewers_reads_each_reviewers_years(db_session: Session) -> None:
    world = make_review_world(5)
    _reviewed_last_year(db_session, world, 1)
    found = earlier_reviewers(world.companies[0].id, 2025)
    assert found.years_by_reviewer == {world.reviewers[1].id: (2024,)}
    assert (found.last_year, found.last_year_names) == (2024, ("评审员1",))
    assert earlier_reviewers(world.companies[0].id, 2024).years_by_reviewer == {}
