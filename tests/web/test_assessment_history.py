"""Each self-assessment's history: its own people and the secretariat see it, nobody else.

The organisation sees who among it changed what, and what the secretariat and the working
group did to its rating (settled levels, final rating, appeal), but not the reviewers' own
work nor their e-mail addresses; the rows read as on the secretariat's /audit/ page.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, OrgRole
from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.clock import beijing_today
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import Decision, Review
from tests.conftest import AuthActions
from tests.factories import (
    fill_complete,
    make_group_role,
    make_user,
    make_working_group,
    make_world,
    start,
    submitted_assessment,
)
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_all
from tests.web.helpers import joined_addresses


def _text(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    page = joined_addresses(response.get_data(as_text=True))
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _rows(client: FlaskClient, url: str) -> str:
    """The table's text only (the filters' options name people and sections too)."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = joined_addresses(response.get_data(as_text=True))
    body = page.split("<tbody>", 1)[-1].split("</tbody>", 1)[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _finalised(db_session: Session) -> tuple[ReviewWorld, Review]:
    """Company 0's review: reviewers adjust C1.E1.1, the lead settles it, finalises; appeal."""
    world = make_review_world(5)
    review = assign_all(world)[0]
    item = rubric_of(review.assessment).item_index()["C1.E1.1"]
    for assignment in review.assignments:
        reviewing.save_decision(
            assignment, item, False, Decision.ADJUST, 1, "评审员的理由", assignment.reviewer
        )
        reviewing.accept_remaining(assignment, list(review.sample), set(), assignment.reviewer)
        reviewing.submit_assignment(assignment, assignment.reviewer)
    settling.settle_item(review, "C1.E1.1", 2, "组长的裁定理由", world.lead)
    settling.finalise_review(review, 30, world.lead)
    settling.file_appeal(review, "我们的申诉理由", beijing_today(), world.members[0])
    db_session.commit()
    return world, review


def test_a_member_sees_who_changed_what_newest_first(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    colleague = make_user(world.org_a, OrgRole.ADMIN, name="管理员甲")
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    rubric = rubric_of(assessment)
    services.save_section(assessment, rubric, "MS", {"MS.G1.1": ItemInput(level="1")}, colleague)
    db_session.commit()
    auth.login(world.user_a.email)
    url = f"/assessments/{assessment.id}/history"
    rows = _rows(client, url)
    assert "管理员甲" in rows
    assert colleague.email in rows
    assert rows.index("管理员甲") < rows.index("开始自评")  # newest first
    assert "MS.G1.1" in rows
    assert "修改答案" in rows
    # filter by item, by section, by person
    only_item = _rows(client, url + "?item=MS.G1.1")
    assert "MS.G1.1" in only_item
    assert "C1.E1.1" not in only_item
    only_c1 = _rows(client, url + "?section=C1")
    assert "C1.E1.1" in only_c1
    assert "MS.G1.1" not in only_c1
    by_colleague = _rows(client, url + f"?person={colleague.id}")
    assert "管理员甲" in by_colleague
    assert "开始自评" not in by_colleague
    # the overview links it
    overview = client.get(f"/assessments/{assessment.id}").get_data(as_text=True)
    assert f'href="{url}"' in overview


def test_a_bad_item_code_is_named_and_nothing_is_hidden(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    page = _text(client, f"/assessments/{assessment.id}/history?item=%25%27")
    assert "评价项编号：请填写评价项的编号" in page
    assert "提交" in _rows(client, f"/assessments/{assessment.id}/history?item=%25%27")
    auth.choose_language("en")
    page = _text(client, f"/assessments/{assessment.id}/history?item=x y")
    assert "Item code: enter an item's code, e.g. MS.G1.1." in page


def test_others_get_403_and_an_unknown_assessment_404(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    group = make_working_group()
    group.organisations.append(world.org_a)
    lead = make_user(world.org_b, email="lead@example.cn")
    make_group_role(lead, group, GroupRole.LEAD)  # may open the submitted assessment itself
    reviewer = make_user(email="rev@example.cn")
    make_group_role(reviewer, group, GroupRole.REVIEWER)
    db_session.commit()
    url = f"/assessments/{assessment.id}/history"
    for email in (world.user_b.email, lead.email, reviewer.email):
        auth.login(email)
        assert client.get(url).status_code == 403, email
        auth.logout()
    auth.login(lead.email)
    assert client.get(f"/assessments/{assessment.id}").status_code == 200
    assert url not in client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    auth.logout()
    auth.login(world.secretariat.email)
    assert client.get(url).status_code == 200
    assert client.get(f"/assessments/{assessment.id + 999}/history").status_code == 404


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_organisation_sees_the_rating_decisions_not_the_reviewers_work(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review = _finalised(db_session)
    url = f"/assessments/{review.assessment_id}/history"
    auth.login(world.members[0].email)
    auth.choose_language(lang)
    rows = _rows(client, url)
    settled, finalised, appealed = (
        ("组长裁定等级", "确定最终评级", "提出申诉")
        if lang == "zh"
        else ("Level settled by the lead", "Finalise the rating", "Appeal")
    )
    assert settled in rows
    assert "组长的裁定理由" in rows
    assert finalised in rows
    assert appealed in rows
    assert "我们的申诉理由" in rows
    assert world.lead.name in rows  # named as on the result page, once finalised ...
    assert world.lead.email not in rows  # ... without the e-mail
    assert "评审员的理由" not in rows  # the reviewers' own decisions stay theirs
    for reviewer in review.assignments:
        assert reviewer.reviewer.email not in rows
    # the result page links the history
    result = client.get(f"/assessments/{review.assessment_id}/result").get_data(as_text=True)
    assert f'href="{url}"' in result
    auth.logout()
    auth.login(world.secretariat.email)
    everything = _rows(client, url)
    assert "评审员的理由" in everything
    assert world.lead.email in everything


def test_a_level_settled_before_the_final_rating_stays_unseen(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    submit_all(review)
    settling.settle_item(review, "C1.E1.1", 2, "尚未定级的裁定", world.lead)
    db_session.commit()
    auth.login(world.members[0].email)
    rows = _rows(client, f"/assessments/{review.assessment_id}/history")
    assert "尚未定级的裁定" not in rows
    assert world.lead.name not in rows  # the review's opening: no names before the final rating
    assert "工作组组长" in rows
