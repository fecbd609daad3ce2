"""A reviewer or lead saving after the review changed hands under them (qa41 D7, D8, D10).

The secretariat returned the assessment, the lead withdrew the reviewer, or another working
group assigned the review first: each is told what happened and that the input was not
saved (quoted), on 我的评审任务 or the group page: not a bare 403 or 404.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from rcapp.accounts.models import GroupRole
from rcapp.assessments import services
from rcapp.reviews import services as review_services
from rcapp.reviews import year_lock
from rcapp.reviews.models import Review, ReviewAssignment, ReviewKind
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user, make_working_group
from tests.factories_reviews import VISIT, make_review_world, reviewers_of

REASON = "现场未见应急演练记录，等级应下调"


def _text(response: TestResponse) -> str:
    return html.unescape(response.get_data(as_text=True))


def _assigned(db_session: Session) -> tuple[object, ReviewAssignment]:
    world = make_review_world(3)
    reviewer = reviewers_of(world, 0)[0]
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0), world.lead
    )
    assignment = next(a for a in review.assignments if a.reviewer_id == reviewer.id)
    db_session.commit()
    return world, assignment


def _decide(client: FlaskClient, assignment_id: int) -> TestResponse:
    return client.post(
        f"/reviews/assignments/{assignment_id}/items/MS.G1.1",
        data={"d-MS.G1.1-decision": "adjust", "d-MS.G1.1-level": "1", "d-MS.G1.1-reason": REASON},
        follow_redirects=True,
    )


def test_a_reviewer_saving_after_the_return_is_told_and_the_reason_quoted(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assignment = _assigned(db_session)
    auth.login(assignment.reviewer.email)
    services.return_assessment(world.assessments[0], "请补充证据", world.secretariat)  # type: ignore[attr-defined]
    db_session.commit()
    response = _decide(client, assignment.id)
    assert response.status_code == 200  # on 我的评审任务
    page = _text(response)
    assert "本自评已被秘书处退回修改，单位重新提交后可继续评审；您的输入未保存：" + REASON in page
    assert "我的评审任务" in page
    assert "无权访问" not in page


def test_a_withdrawn_reviewer_saving_is_told_whose_review_it_was_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assignment = _assigned(db_session)
    reviewer, company = assignment.reviewer, world.companies[0]  # type: ignore[attr-defined]
    auth.login(reviewer.email)
    client.get("/lang/en")
    assignment_id = assignment.id
    review_services.withdraw_assignment(assignment, world.lead)  # type: ignore[attr-defined]
    db_session.commit()
    response = _decide(client, assignment_id)
    assert response.status_code == 200
    page = _text(response)
    assert f"Your review of {company.display_name('en')} was withdrawn by the lead, " in page
    assert f"Your input was not saved: {REASON}" in page
    assert "Not found" not in page
    finding = client.post(
        f"/reviews/assignments/{assignment_id}/findings",
        data={"kind": "improvement", "text": "建议补充培训记录"},
        follow_redirects=True,
    )
    assert "建议补充培训记录" in _text(finding)


def test_a_second_group_assigning_the_same_member_is_told_which_group_took_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    assessment = world.assessments[0]
    second = make_working_group(name_zh="储运安全工作组", name_en="Storage and transport group")
    second.organisations.append(world.companies[0])
    second_lead = make_user(make_organisation())
    make_group_role(second_lead, second, GroupRole.LEAD)
    chosen = reviewers_of(world, 0)
    db_session.commit()
    auth.login(second_lead.email)
    url = f"/reviews/assessments/{assessment.id}/assign?group={second.id}"
    assert client.get(url).status_code == 200  # nobody assigned yet
    # The first group's lead assigns one reviewer meanwhile.
    review_services.assign_reviewers(
        assessment, ReviewKind.DESK, chosen[:1], world.lead, None, world.group.id
    )
    db_session.commit()
    response = client.post(
        url,
        data={"kind": "onsite", "visit_on": VISIT, "reviewers": [str(u.id) for u in chosen]},
        follow_redirects=True,
    )
    assert response.status_code == 200
    page = _text(response)
    assert (
        f"此自评在您打开本页后已由{world.group.name_zh}指派评审员（{chosen[0].name}），由该组负责；"
        in page
    )
    assert f"您的选择（{'、'.join(sorted(u.name for u in chosen))}）未保存。" in page
    assert "无权访问" not in page
    [review] = db_session.query(Review).filter_by(assessment_id=assessment.id).all()
    assert [a.reviewer_id for a in review.assignments] == [chosen[0].id]


def test_a_second_group_assigning_in_the_same_instant_is_told_the_same(
    client: FlaskClient, db_session: Session, auth: AuthActions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other lead's assignment lands after the page's own check: the service refuses."""
    world = make_review_world(3)
    assessment = world.assessments[0]
    second = make_working_group(name_zh="储运安全工作组", name_en="Storage and transport group")
    second.organisations.append(world.companies[0])
    second_lead = make_user(make_organisation())
    make_group_role(second_lead, second, GroupRole.LEAD)
    chosen = reviewers_of(world, 0)
    db_session.commit()
    auth.login(second_lead.email)
    rival = iter([True])
    real = year_lock.require_open_year

    def first_lead_meanwhile(*args: object) -> None:
        if next(rival, False):  # past the page's checks: the other lead is quicker
            review_services.assign_reviewers(
                assessment, ReviewKind.DESK, chosen[:1], world.lead, None, world.group.id
            )
            db_session.commit()
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(review_services, "require_open_year", first_lead_meanwhile)
    client.get("/lang/en")
    response = client.post(
        f"/reviews/assessments/{assessment.id}/assign?group={second.id}",
        data={"kind": "onsite", "visit_on": VISIT, "reviewers": [str(u.id) for u in chosen]},
        follow_redirects=True,
    )
    assert response.status_code == 200
    page = _text(response)
    assert f"{world.group.name_en} assigned reviewers to this self-" in page.replace("\n", " ")
    assert "was not saved." in page
    [review] = db_session.query(Review).filter_by(assessment_id=assessment.id).all()
    assert [a.reviewer_id for a in review.assignments] == [chosen[0].id]


def test_a_reviewer_opening_the_review_after_the_return_is_told_why(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assignment = _assigned(db_session)
    auth.login(assignment.reviewer.email)
    services.return_assessment(world.assessments[0], "请补充证据", world.secretariat)  # type: ignore[attr-defined]
    db_session.commit()
    response = client.get(f"/reviews/assignments/{assignment.id}", follow_redirects=True)
    assert response.status_code == 200
    page = _text(response)
    assert "本自评已被秘书处退回修改，单位重新提交后可继续评审。" in page
    assert "我的评审任务" in page
    assert "无权访问" not in page


def test_a_withdrawn_reviewer_opening_the_old_address_is_told_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assignment = _assigned(db_session)
    reviewer, company = assignment.reviewer, world.companies[0]  # type: ignore[attr-defined]
    auth.login(reviewer.email)
    client.get("/lang/en")
    assignment_id = assignment.id
    review_services.withdraw_assignment(assignment, world.lead)  # type: ignore[attr-defined]
    db_session.commit()
    response = client.get(f"/reviews/assignments/{assignment_id}", follow_redirects=True)
    assert response.status_code == 200
    page = _text(response)
    # "…Co., Ltd. was withdrawn": no "Ltd.." where a name ends the sentence
    assert f"Your review of {company.display_name('en')} was withdrawn by the lead, " in page
    assert "Not found" not in page
    assert "Your input was not saved" not in page
