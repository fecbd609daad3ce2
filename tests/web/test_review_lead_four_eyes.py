"""Four eyes: whoever settles a review (a lead or deputy of the organisation's groups) does
not also review it. Assigning them is refused with the reason shown beside their name; a
reviewer who became a lead or deputy afterwards may not settle or finalise that review.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.reviews import queries, settling
from rcapp.reviews import services as review_services
from rcapp.reviews.errors import ConflictOfInterest, SettlerIsReviewer
from rcapp.reviews.models import ReviewKind
from rcapp.reviews.rules import Conflict, OrgFacts, conflicts
from tests.conftest import AuthActions
from tests.factories import make_group_role
from tests.factories_reviews import make_review_world, reviewers_of

REASON = {
    "zh_CN": "评审员是负责裁定本评审的组长或副组长",
    "en": "The reviewer is a lead or deputy lead who settles this review",
}


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_the_rule_names_the_settler_as_a_conflict() -> None:
    assert conflicts(OrgFacts(1), OrgFacts(2), settles=True) == (Conflict.SETTLES,)
    assert conflicts(OrgFacts(1), OrgFacts(2)) == ()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_lead_cannot_assign_themselves_and_sees_why(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(3)
    make_group_role(world.lead, world.group, GroupRole.REVIEWER)  # lead and reviewer
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    url = f"/reviews/assessments/{world.assessments[0].id}/assign"

    page = client.get(url).get_data(as_text=True)
    row = _text(next(tr for tr in page.split("<tr") if f'id="reviewer-{world.lead.id}"' in tr))
    assert REASON[lang] in row

    response = client.post(url, data={"kind": "desk", "reviewers": [str(world.lead.id)]})
    assert REASON[lang] in _text(response.get_data(as_text=True))
    assert queries.find_review(world.assessments[0]) is None


def test_assigning_the_lead_is_refused_by_the_service(db_session: Session) -> None:
    world = make_review_world(3)
    make_group_role(world.lead, world.group, GroupRole.REVIEWER)
    with pytest.raises(ConflictOfInterest) as refused:
        review_services.assign_reviewers(
            world.assessments[0], ReviewKind.DESK, [world.lead], world.lead
        )
    assert Conflict.SETTLES in refused.value.reasons


def test_a_reviewer_made_deputy_later_may_not_settle_or_finalise(db_session: Session) -> None:
    world = make_review_world(3)
    reviewer = reviewers_of(world, 0)[0]
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, [reviewer], world.lead
    )
    make_group_role(reviewer, world.group, GroupRole.DEPUTY)  # after the assignment
    with pytest.raises(SettlerIsReviewer):
        settling.settle_item(review, review.sample[0], 1, "复核", reviewer)
    with pytest.raises(SettlerIsReviewer):
        settling.finalise_review(review, 30, reviewer)
