"""A working group's calibration and reviewer workload count the reviews the group runs.

A member organisation may sit in two groups; the review another group set up for it is
that group's business (its lead settles and calibrates it), not this group's.
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, User
from rcapp.assessments.queries import rubric_of
from rcapp.cycles.models import CycleStatus
from rcapp.organisations.models import WorkingGroup
from rcapp.reviews import reviewing
from rcapp.reviews import services as review_services
from rcapp.reviews.models import Decision, Review, ReviewKind
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user, make_working_group
from tests.factories_reviews import (
    ReviewWorld,
    make_review_world,
    reviewers_of,
    submit_and_finalise,
)


def _submit_with_one_lowered(review: Review, item_id: str, level: int) -> None:
    for assignment in review.assignments:
        item = rubric_of(review.assessment).item_index()[item_id]
        reviewing.save_decision(
            assignment, item, False, Decision.ADJUST, level, "记录不全", assignment.reviewer
        )
        reviewing.accept_remaining(assignment, list(review.sample), set(), assignment.reviewer)
        reviewing.submit_assignment(assignment, assignment.reviewer)


def _two_groups(world: ReviewWorld) -> tuple[WorkingGroup, User, Review, Review]:
    """Company 0 also sits in another group, which runs its review; the group runs company 1's."""
    other = make_working_group()
    other.organisations.append(world.companies[0])
    other_lead = make_user(make_organisation())
    make_group_role(other_lead, other, GroupRole.LEAD)
    theirs = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0), other_lead, group_id=other.id
    )
    ours = review_services.assign_reviewers(
        world.assessments[1], ReviewKind.DESK, reviewers_of(world, 1), world.lead
    )
    assert theirs.working_group_id == other.id
    assert ours.working_group_id == world.group.id
    return other, other_lead, theirs, ours


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))


def test_calibration_leaves_out_a_members_review_run_by_another_group(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    other, other_lead, theirs, _ours = _two_groups(world)
    _submit_with_one_lowered(theirs, "MS.G1.1", 2)
    db_session.commit()
    theirs_reviewers = [a.reviewer.name for a in theirs.assignments]

    auth.login(world.lead.email)
    page = client.get(f"/reviews/groups/{world.group.id}/calibration").get_data(as_text=True)
    assert "本年度本工作组负责的评审中还没有评审员提交评审。" in page
    for name in theirs_reviewers:
        assert name not in page
    assert world.companies[0].name_zh not in page
    client.get("/lang/en")
    page = client.get(f"/reviews/groups/{world.group.id}/calibration").get_data(as_text=True)
    assert "No reviewer has submitted a review this year in the reviews this working group" in page
    assert "Reviews of members run by another working group are not counted" in page

    # The group that runs it calibrates it.
    auth.logout()
    auth.login(other_lead.email)
    client.get("/lang/zh_CN")
    page = client.get(f"/reviews/groups/{other.id}/calibration").get_data(as_text=True)
    for name in theirs_reviewers:
        assert name in page
    assert f"计入本工作组负责的 1 份评审：{world.companies[0].name_zh}。" in _text(page)


def test_calibration_names_each_organisation_once_with_item_titles_and_changes(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    _other, _other_lead, _theirs, ours = _two_groups(world)
    _submit_with_one_lowered(ours, "MS.G1.1", 2)
    db_session.commit()
    auth.login(world.lead.email)
    url = f"/reviews/groups/{world.group.id}/calibration"
    page = client.get(url).get_data(as_text=True)
    text = _text(page)
    name = world.companies[1].name_zh
    assert f"{name}：MS.G1.1 " in text
    assert "4→2（−2）" in text
    assert "评审员之间的一致程度（1 = 完全一致，0 = 与随机相当）。" in page
    assert "二次加权 Kappa" in page  # the method, named in a note
    assert "计入的评价项：评审员给出等级的抽查项" in page
    assert text.count(name) == 1 + len(ours.assignments)  # the counted line, then once per row
    client.get("/lang/en")
    page = client.get(url).get_data(as_text=True)
    text = _text(page)
    assert f"{world.companies[1].name_en}: MS.G1.1 " in text
    assert "4→2 (−2)" in text
    assert "How far reviewers agree (1 = fully, 0 = no better than chance)." in page
    assert "quadratic-weighted kappa" in page
    assert '<th scope="col" class="num">Agreement</th>' in page


def test_workload_shows_load_in_other_groups_reviews_apart(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    _other, _other_lead, theirs, ours = _two_groups(world)
    db_session.commit()
    auth.login(world.lead.email)
    page = client.get(f"/reviews/groups/{world.group.id}").get_data(as_text=True)
    load = page[page.index('id="load"') :]
    rows = {
        m.group(1): [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', m.group(2))]
        for m in re.finditer(r"<tr><td>([^<]+)</td>(.*?)</tr>", load, re.S)
    }
    ours_ids = {a.reviewer_id for a in ours.assignments}
    theirs_ids = {a.reviewer_id for a in theirs.assignments}
    for reviewer in world.reviewers:
        here = 1 if reviewer.id in ours_ids else 0
        elsewhere = 1 if reviewer.id in theirs_ids else 0
        assert rows[reviewer.name] == [here, 0, elsewhere, 0], reviewer.name
    # qa66 #7: one header row, each column named whole
    head = load.split("<thead>")[1].split("</thead>")[0]
    assert head.count("<tr>") == 1
    assert re.findall(r"<th[^>]*>([^<]+)</th>", head) == [
        "评审员",
        "本组评审进行中",
        "本组评审已提交",
        "其他工作组评审进行中",
        "其他工作组评审已提交",
    ]
    client.get("/lang/en")
    page = client.get(f"/reviews/groups/{world.group.id}").get_data(as_text=True)
    assert "Open (other groups)" in page


def test_planning_for_a_closed_year_shows_its_frozen_state_not_a_to_do(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    done = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0), world.lead
    )
    submit_and_finalise(done, world.lead)
    review_services.assign_reviewers(
        world.assessments[1], ReviewKind.DESK, reviewers_of(world, 1), world.lead
    )
    world.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    auth.login(world.lead.email)
    url = f"/reviews/groups/{world.group.id}?cycle={world.cycle.id}"

    page = client.get(url).get_data(as_text=True)

    assert "/assign" not in page  # no Assign link leads to a refusal
    assert "尚未指派评审员的自评" not in page
    text = _text(page)
    names = [c.name_zh for c in world.companies]
    assert f"已定级：1 家：{names[0]}" in text
    assert f"评审未完成，按自评结果冻结：1 家：{names[1]}" in text
    rest = text[text.index("未经同行评审，按自评结果冻结：3 家") :]
    assert all(name in rest for name in names[2:])
    client.get("/lang/en")
    page = client.get(url).get_data(as_text=True)
    assert "Not peer-reviewed, frozen as self-assessed (3): " in _text(page)
    assert "/assign" not in page
