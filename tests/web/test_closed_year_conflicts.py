"""A closed year's conflict-of-interest checks read each company's park as at the close.

An assignment still open in a closed year (a review frozen unfinished, an upheld appeal's
re-review) is checked again on the reviewer's and the lead's pages; assigning checks the
rules too. Both read the parks of today, so a company that moved park after the close
gained or lost a same-park conflict in a year it was never in that park
(reviews.conflict_check). An open year, reopened or not, reads the parks of today.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.cycles import services as cycle_services
from rcapp.reviews import rechecks
from rcapp.reviews import services as review_services
from rcapp.reviews.errors import ConflictOfInterest
from rcapp.reviews.models import ReviewKind
from rcapp.reviews.permissions import leads_own_organisation
from rcapp.reviews.rules import Conflict
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_park, make_user, make_working_group
from tests.factories_reviews import make_review_world, reviewers_of
from tests.web.helpers import page_words

IN_CONFLICT = {"zh": "您现与被评审单位存在利益冲突", "en": "You are now in a conflict of interest"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_closed_years_open_assignment_is_checked_against_the_parks_at_the_close(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(4)
    old, new = make_park(name_zh="旧化工园区"), make_park(name_zh="新化工园区")
    reviewed, reviewer_org, outsider = world.companies[0], world.companies[1], world.companies[3]
    reviewed.park_id = old.id
    outsider.park_id = old.id  # the reviewed company's neighbour in that year
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0), world.lead
    )
    assignment = next(a for a in review.assignments if a.reviewer == world.reviewers[1])
    cycle_services.close_cycle(world.cycle, world.secretariat)  # the review frozen unfinished
    # After the close: the reviewer's company joins the old park, the neighbour leaves it.
    reviewer_org.park_id = old.id
    outsider.park_id = new.id
    db_session.commit()

    assert rechecks.conflict_of(assignment) is None
    with pytest.raises(ConflictOfInterest) as refused:
        review_services.check_reviewer(world.assessments[0], world.reviewers[3], review)
    assert Conflict.SAME_PARK in refused.value.reasons

    auth.login(world.reviewers[1].email)
    client.get(f"/lang/{lang}")
    page = page_words(client, f"/reviews/assignments/{assignment.id}")
    assert IN_CONFLICT[lang] not in page

    # Reopened, the year reads the parks of today.
    cycle_services.reopen_cycle(world.cycle, "重新开放以核对", world.secretariat)
    db_session.commit()
    found = rechecks.conflict_of(assignment)
    assert found is not None
    assert found.reasons == (Conflict.SAME_PARK,)
    review_services.check_reviewer(world.assessments[0], world.reviewers[3], review)
    page = page_words(client, f"/reviews/assignments/{assignment.id}")
    assert IN_CONFLICT[lang] in page


def test_a_lead_of_the_organisations_group_that_year_leads_its_own_organisation(
    db_session: Session,
) -> None:
    world = make_review_world(2)
    company = world.companies[0]
    own_lead = make_user(company)
    make_group_role(own_lead, world.group, GroupRole.LEAD)
    cycle_services.close_cycle(world.cycle, world.secretariat)
    # After the close the company leaves the group its own person leads.
    other = make_working_group()
    world.group.organisations.remove(company)
    other.organisations.append(company)
    db_session.commit()

    assert leads_own_organisation(own_lead, world.assessments[0])
