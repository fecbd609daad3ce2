"""A small group can staff a two-reviewer review from other groups' reviewers (qa51 M2).

In the two-park group only one candidate could review a park: the page said the process
requires two reviewers, accepted one, capped the rating at 2 stars and said nobody else
could be assigned. When fewer than two of the group's own can serve, the page now offers the
reviewers of other working groups who have no conflict of interest, and if that is still too
few it asks the lead to have the secretariat give the group a reviewer. The words on how many
reviewers are needed agree with what the page accepts (a desk review may have one).
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.reviews.models import ReviewKind
from rcapp.reviews.outside_candidates import outside_candidates
from rcapp.reviews.queries import find_review
from tests.conftest import AuthActions
from tests.factories import (
    make_assessment,
    make_group_role,
    make_organisation,
    make_park,
    make_user,
    make_working_group,
)
from tests.factories_reviews import VISIT, ReviewWorld, make_review_world

WHY = {
    "zh": "的评审员：本单位所在工作组能评审本单位的评审员不足两名，"
    "因此也列出其他工作组中来自企业、与本单位没有利益冲突的评审员"
    "（化工园区按另一套评价细则自评，园区的评审员不评审企业）",
    "en": ": fewer than two reviewers of this organisation's working groups can review it, so "
    "other working groups' reviewers from companies without a conflict of interest are listed "
    "too (chemical parks are assessed on another rubric: park reviewers do not review companies)",
}
SAME_ORG = {
    "zh": "评审员来自被评审单位本身",
    "en": "The reviewer works for the reviewed organisation",
}
ASK = {
    "zh": "请联系秘书处为本组增加评审员",
    "en": "ask the secretariat to add a reviewer to this group",
}
PLAN = {
    "zh": "评审流程建议每份自评指派两名评审员：文审至少一名，现场评审至少两名。",
    "en": "The review process advises two reviewers for each self-assessment: at least one for "
    "a desk review, at least two for an on-site review.",
}


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _row(page: str, user_id: int) -> str:
    return _text(next(r for r in page.split("<tr>") if f'id="reviewer-{user_id}"' in r))


def _url(world: ReviewWorld) -> str:
    return f"/reviews/assessments/{world.assessments[0].id}/assign?group={world.group.id}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_other_groups_reviewers_without_conflict_are_offered_and_assignable(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(2)  # reviewer 0 is of the company reviewed: one can serve
    other = make_working_group()
    outsider = make_user(make_organisation(), name="外组评审员")
    make_group_role(outsider, other, GroupRole.REVIEWER)
    conflicted = make_user(world.companies[0], name="外组同单位评审员")
    make_group_role(conflicted, other, GroupRole.REVIEWER)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = client.get(_url(world)).get_data(as_text=True)
    name = other.name_zh if lang == "zh" else other.name_en
    assert f"{name}{WHY[lang]}" in _row(page, outsider.id)
    # qa66 #2: a conflict is listed, greyed and not to be chosen, with its reason
    row = next(r for r in page.split("<tr") if f'id="reviewer-{conflicted.id}"' in r)
    assert 'class="muted conflicted"' in row
    assert re.search(rf'id="reviewer-{conflicted.id}"[^>]*disabled', row)
    assert SAME_ORG[lang] in _text(row)
    assert WHY[lang] not in _text(row)  # not "without a conflict of interest"
    assert 'id="ask-secretariat"' not in page  # two can serve now
    assert PLAN[lang] in _text(page)
    response = client.post(
        _url(world),
        data={
            "kind": ReviewKind.ONSITE.value,
            "visit_on": VISIT,
            "reviewers": [world.reviewers[1].id, outsider.id],
        },
    )
    assert response.status_code == 302
    review = find_review(world.assessments[0])
    assert review is not None
    assert {a.reviewer_id for a in review.assignments} == {world.reviewers[1].id, outsider.id}


def test_enough_of_the_groups_own_offers_no_other_group(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)  # reviewers 1 and 2 can serve
    other = make_working_group()
    outsider = make_user(make_organisation())
    make_group_role(outsider, other, GroupRole.REVIEWER)
    db_session.commit()
    auth.login(world.lead.email)
    page = client.get(_url(world)).get_data(as_text=True)
    assert f'id="reviewer-{outsider.id}"' not in page
    assert 'id="ask-secretariat"' not in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_too_few_anywhere_asks_for_the_secretariat(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(2)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = client.get(_url(world)).get_data(as_text=True)
    found = re.search(r'id="ask-secretariat">(.*?)</p>', page, flags=re.S)
    assert found is not None
    assert ASK[lang] in _text(found[1])
    assert "/working-groups/" not in found[1]  # the lead cannot give roles: no link
    auth.logout()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    page = client.get(_url(world)).get_data(as_text=True)
    found = re.search(r'id="ask-secretariat">(.*?)</p>', page, flags=re.S)
    assert found is not None
    assert f"/working-groups/{world.group.id}#roles-heading" in found[1]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_parks_reviewer_is_not_offered_for_a_company(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """qa54 2: parks are assessed on another rubric; a park's staff reviews parks only."""
    world = make_review_world(2)
    parks = make_working_group(kind="parks")
    park_reviewer = make_user(make_park(), name="园区评审员")
    make_group_role(park_reviewer, parks, GroupRole.REVIEWER)
    company_reviewer = make_user(make_organisation(), name="企业评审员")
    make_group_role(company_reviewer, make_working_group(), GroupRole.REVIEWER)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = client.get(_url(world)).get_data(as_text=True)
    assert f'id="reviewer-{park_reviewer.id}"' not in page
    assert WHY[lang] in _row(page, company_reviewer.id)


def test_a_park_is_offered_park_reviewers_only(db_session: Session) -> None:
    """The other direction: a company's reviewer of another group is not offered for a park."""
    world = make_review_world(1)
    parks = make_working_group(kind="parks")
    park = make_park()
    parks.organisations.append(park)
    assessment = make_assessment(park, world.cycle)
    park_reviewer = make_user(make_park(), name="园区评审员")
    make_group_role(park_reviewer, make_working_group(kind="parks"), GroupRole.REVIEWER)
    db_session.flush()
    found = outside_candidates(assessment, None, {parks.id}, [], "zh")
    # world.reviewers[0] is a company's reviewer of world.group: not of the park's kind
    assert set(found) == {park_reviewer.id}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_assigned_outside_reviewer_stays_listed_and_others_remain_offered(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """qa54 3: after assigning one of the group and one from outside, both show as assigned
    and the other outside reviewers are still offered (the group's own are still too few)."""
    world = make_review_world(2)  # reviewer 0 is of the company reviewed: one can serve
    other = make_working_group()
    outsiders = [make_user(make_organisation(), name=f"外组评审员{i}") for i in range(2)]
    for outsider in outsiders:
        make_group_role(outsider, other, GroupRole.REVIEWER)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    response = client.post(
        _url(world),
        data={
            "kind": ReviewKind.ONSITE.value,
            "visit_on": VISIT,
            "reviewers": [world.reviewers[1].id, outsiders[0].id],
        },
    )
    assert response.status_code == 302
    page = client.get(_url(world)).get_data(as_text=True)
    assigned = {"zh": "已指派到本评审", "en": "Already assigned to this review"}[lang]
    assert assigned in _row(page, world.reviewers[1].id)
    assert assigned in _row(page, outsiders[0].id)
    assert WHY[lang] in _row(page, outsiders[1].id)
    assert 'id="nobody-left"' not in page
    response = client.post(
        _url(world),
        data={"kind": ReviewKind.ONSITE.value, "visit_on": VISIT, "reviewers": [outsiders[1].id]},
    )
    assert response.status_code == 302
    review = find_review(world.assessments[0])
    assert review is not None
    assert len(review.assignments) == 3


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_forged_conflicted_outside_reviewer_is_refused_naming_the_reason(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """qa66 #2: not "所选评审员不在候选名单中", which said nothing of the conflict."""
    world = make_review_world(2)
    other = make_working_group()
    conflicted = make_user(world.companies[0], name="外组同单位评审员")
    make_group_role(conflicted, other, GroupRole.REVIEWER)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    response = client.post(
        _url(world),
        data={
            "kind": ReviewKind.DESK.value,
            "reviewers": [world.reviewers[1].id, conflicted.id],
        },
    )
    text = _text(response.get_data(as_text=True))
    assert SAME_ORG[lang] in text
    assert "外组同单位评审员" in text
    assert find_review(world.assessments[0]) is None  # all or none
