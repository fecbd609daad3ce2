"""The review planning page and the assign page (QA47 S14, S15).

S14: two footnotes, worded differently, explained the one "* (capped before peer review)"
note. S15: a lead opening the assign page of their own organisation's assessment got a bare
403, where the planning page says someone else runs that review.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, OrgRole
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_user
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise

NOTE = {"zh": "（评审前封顶）", "en": "(capped before peer review)"}
CONFLICT = {
    "zh": "您是该单位的成员，与其评审存在利益冲突",
    "en": "You are a member of this organisation: a conflict of interest with its review",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_capped_note_is_explained_once_under_the_planning_table(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    reviews = assign_all(world)
    submit_and_finalise(reviews[0], world.lead)  # one final review, the others not yet
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = html.unescape(client.get(f"/reviews/groups/{world.group.id}").get_data(as_text=True))
    footnotes = page.split('id="capped-footnotes"', 1)[1].split("</div>", 1)[0]
    assert footnotes.count("<p>") == 1
    assert f"* {NOTE[lang]}" in footnotes


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_lead_opening_their_own_organisations_assign_page_is_told_the_conflict(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    own_lead = make_user(world.companies[0], OrgRole.MEMBER, email="own.lead@example.cn")
    make_group_role(own_lead, world.group, GroupRole.LEAD)
    db_session.commit()
    auth.login("own.lead@example.cn")
    client.get(f"/lang/{lang}")
    url = f"/reviews/assessments/{world.assessments[0].id}/assign"
    response = client.get(url)
    assert response.status_code == 403
    assert CONFLICT[lang] in html.unescape(response.get_data(as_text=True))
    other = client.get(f"/reviews/assessments/{world.assessments[1].id}/assign")
    assert other.status_code == 200  # another member's: their group's to run
    refused = client.post(url, data={"kind": "desk"})
    assert refused.status_code == 403
    assert CONFLICT[lang] in html.unescape(refused.get_data(as_text=True))


def test_someone_with_no_right_still_gets_the_plain_403(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.members[1].email)  # a company admin, no lead
    response = client.get(f"/reviews/assessments/{world.assessments[1].id}/assign")
    assert response.status_code == 403
    page = html.unescape(response.get_data(as_text=True))
    assert "您没有权限查看或修改此内容" in page
    assert CONFLICT["zh"] not in page
