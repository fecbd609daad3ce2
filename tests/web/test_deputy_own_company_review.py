"""A deputy lead who works at the company under review is kept off its decisions, told why.

qa54 (the tester could not check it): the deputy of the group is a member of the reviewed
company. Assigning reviewers said why it was refused (QA47 S15); the discrepancy map,
settling an item and finalising gave a bare 403. Each now says the same reason, and the
deputy still runs the group's other reviews.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.reviews import services
from rcapp.reviews.models import ReviewKind
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_user
from tests.factories_reviews import make_review_world

REASON = {"zh": "本单位的评审由其他工作组组长、副组长或秘书处负责", "en": "Your own organisation's"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_deputy_at_the_reviewed_company_is_refused_each_decision_with_the_reason(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(4)
    deputy = make_user(world.companies[0], name="副组长")
    make_group_role(deputy, world.group, GroupRole.DEPUTY)
    reviewers = [world.reviewers[2], world.reviewers[3]]
    own = services.assign_reviewers(world.assessments[0], ReviewKind.DESK, reviewers, world.lead)
    other = services.assign_reviewers(world.assessments[1], ReviewKind.DESK, reviewers, world.lead)
    db_session.commit()
    auth.login(deputy.email)
    client.get(f"/lang/{lang}")
    refused = [
        client.get(f"/reviews/assessments/{world.assessments[0].id}/assign"),
        client.post(f"/reviews/assessments/{world.assessments[0].id}/assign", data={}),
        client.get(f"/reviews/{own.id}/consolidate"),
        client.post(f"/reviews/{own.id}/items/MS.G1.1/settle", data={}),
        client.get(f"/reviews/{own.id}/finalise"),
        client.post(f"/reviews/{own.id}/finalise", data={}),
    ]
    for response in refused:
        assert response.status_code == 403, response.request.path
        assert REASON[lang] in html.unescape(response.get_data(as_text=True)), response.request.path
    # the group's other reviews are still the deputy's to run
    assert client.get(f"/reviews/{other.id}/consolidate").status_code == 200
