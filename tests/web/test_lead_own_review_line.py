"""A lead whose own company is under review reads on her home page who runs it, and its state.

The conflict rule (reviews.permissions.leads_own_organisation) gives its review to the
deputy; her panel says so without a link or any action, and she still cannot act on it.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, OrgRole
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewKind
from rcapp.reviews.permissions import ReviewAction, can_review
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user
from tests.factories_reviews import make_review_world, reviewers_of, submitted

WORDS = {
    "zh": (
        "本单位（2025 年度）的同行评审由副组长郑凯负责，当前：尚未指派评审员。",
        "本单位（2025 年度）的同行评审由副组长郑凯负责，当前：评审中。",
    ),
    "en": (
        "Your organisation's peer review (2025) is run by the deputy lead 郑凯 (Zheng Kai); "
        "now: no reviewer assigned yet.",
        "Your organisation's peer review (2025) is run by the deputy lead 郑凯 (Zheng Kai); "
        "now: in review.",
    ),
}


def _line(page: str, assessment_id: int) -> str:
    found = re.search(rf'<li id="todo-own-review-{assessment_id}"[^>]*>(.*?)</li>', page, re.S)
    assert found is not None, page
    return found.group(1).replace("&#39;", "'")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_leads_home_says_her_deputy_runs_her_companys_review_and_its_state(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    own = world.lead.memberships[0].organisation
    world.group.organisations.append(own)
    own_assessment = submitted(own, world.cycle, make_user(own, OrgRole.ADMIN), {})
    deputy = make_user(make_organisation(), name="郑凯")
    make_group_role(deputy, world.group, GroupRole.DEPUTY)
    db_session.commit()
    auth.login(world.lead.email)
    auth.choose_language(lang)

    line = _line(client.get("/").get_data(as_text=True), own_assessment.id)
    assert line == WORDS[lang][0]
    assert "<a" not in line  # nothing to do on it

    review_services.assign_reviewers(
        own_assessment, ReviewKind.ONSITE, reviewers_of(world, 0), deputy
    )
    db_session.commit()
    assert _line(client.get("/").get_data(as_text=True), own_assessment.id) == WORDS[lang][1]


def test_she_still_cannot_act_on_her_own_companys_review(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    own = world.lead.memberships[0].organisation
    world.group.organisations.append(own)
    own_assessment = submitted(own, world.cycle, make_user(own, OrgRole.ADMIN), {})
    db_session.commit()
    assert not can_review(world.lead, ReviewAction.MANAGE, own_assessment)
    auth.login(world.lead.email)
    url = f"/reviews/assessments/{own_assessment.id}/assign"
    assert client.get(url).status_code == 403
    assert client.post(url, data={}).status_code in (400, 403)
    # another member's review she runs as before
    other = f"/reviews/assessments/{world.assessments[0].id}/assign"
    assert client.get(other).status_code == 200
