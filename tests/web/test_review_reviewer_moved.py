"""A reviewer whose organisations change after assignment is checked again for conflicts.

Joining the reviewed organisation (or its park or parent group), or leaving every member
organisation, puts an open assignment in conflict: the lead sees why and withdraws, the
reviewer's saves and submission are refused with the reason, the lead and deputy are
told by e-mail. A submitted review is history and stays as it was.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.audit.models import AuditEntry
from rcapp.mail.models import OutboxMessage
from rcapp.reviews import reviewing, services
from rcapp.reviews.models import ReviewAssignment, ReviewKind
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_park, make_user
from tests.factories_reviews import ReviewWorld, make_review_world

ITEM = "MS.G1.1"


def _assigned(db_session: Session) -> tuple[ReviewWorld, ReviewAssignment]:
    """Company 0's desk review, by the reviewer of company 1."""
    world = make_review_world(3)
    review = services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, [world.reviewers[1]], world.lead
    )
    return world, review.assignments[0]


def _join(client: FlaskClient, world: ReviewWorld, organisation_id: int, email: str) -> str:
    response = client.post(
        f"/organisations/{organisation_id}/users/join",
        data={"join-email": email, "join-role": "member"},
        follow_redirects=True,
    )
    return html.unescape(response.get_data(as_text=True))


def _text(page: str) -> str:
    """The page's text without its tags, as it reads."""
    return re.sub(r"<[^>]+>", "", page)


def _decide(client: FlaskClient, assignment: ReviewAssignment, reason: str) -> tuple[int, str]:
    response = client.post(
        f"/reviews/assignments/{assignment.id}/items/{ITEM}",
        data={f"d-{ITEM}-decision": "adjust", f"d-{ITEM}-level": "2", f"d-{ITEM}-reason": reason},
    )
    return response.status_code, response.get_data(as_text=True)


def test_a_reviewer_who_joins_the_reviewed_organisation_is_stopped_and_the_lead_told(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assignment = _assigned(db_session)
    reviewer, reviewed = assignment.reviewer, world.companies[0]
    deputy = make_user(make_organisation())
    make_group_role(deputy, world.group, GroupRole.DEPUTY)
    db_session.commit()

    auth.login(world.secretariat.email)
    page = _join(client, world, reviewed.id, reviewer.email)
    assert f"已将{reviewer.name} 加入本单位。" in page
    assert "以下评审任务因此存在利益冲突" in page
    assert f"{reviewed.name_zh} 2025" in page
    mails = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "review.conflict")
    ).all()
    assert sorted(m.to_address for m in mails) == sorted([world.lead.email, deputy.email])
    body = mails[0].body
    assert reviewer.name in body
    assert "评审员来自被评审单位本身" in body
    assert f"/reviews/assessments/{world.assessments[0].id}/assign" in body
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "review.conflict")
    ).one()
    assert entry.entity_id == assignment.review_id
    auth.logout()

    # The reviewer: the reason on the page; a save is refused with it, the input kept.
    auth.login(reviewer.email)
    page = html.unescape(client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True))
    assert "您现与被评审单位存在利益冲突（评审员来自被评审单位本身）" in page
    status, page = _decide(client, assignment, "我的理由")
    assert status == 200
    assert "评审员来自被评审单位本身" in html.unescape(page)
    assert "我的理由</textarea>" in page
    assert reviewing.decision_of(assignment, ITEM) is None
    submitted = client.post(f"/reviews/assignments/{assignment.id}/submit", follow_redirects=True)
    assert "不能再保存或提交本评审" in html.unescape(submitted.get_data(as_text=True))
    db_session.expire_all()
    assert not assignment.is_submitted
    auth.logout()

    # The lead sees why and withdraws.
    auth.login(world.lead.email)
    url = f"/reviews/assessments/{world.assessments[0].id}/assign"
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "存在利益冲突：评审员来自被评审单位本身。" in page
    response = client.post(
        f"/reviews/assignments/{assignment.id}/withdraw", data={"confirmed": "1"}
    )
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(ReviewAssignment, assignment.id) is None


@pytest.mark.parametrize("via", ["park", "parent_group"])
def test_joining_the_reviewed_organisations_park_or_group_is_a_conflict(
    client: FlaskClient, db_session: Session, auth: AuthActions, via: str
) -> None:
    world, assignment = _assigned(db_session)
    reviewed = world.companies[0]
    if via == "park":
        joined = make_park()
        reviewed.park_id = joined.id
        reason = "评审员单位是被评审企业所在的化工园区"
    else:
        reviewed.parent_group = "中化集团"
        joined = make_organisation(parent_group="中化集团 ")
        reason = "评审员单位与被评审单位属于同一集团"
    db_session.commit()
    auth.login(world.secretariat.email)
    page = _join(client, world, joined.id, assignment.reviewer.email)
    assert f"{reviewed.name_zh} 2025" in page
    auth.logout()
    auth.login(world.lead.email)
    lead_page = client.get(f"/reviews/assessments/{world.assessments[0].id}/assign")
    assert f"存在利益冲突：{reason}。" in html.unescape(lead_page.get_data(as_text=True))


def test_a_reviewer_who_leaves_their_organisation_can_no_longer_review(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assignment = _assigned(db_session)
    reviewer, own = assignment.reviewer, world.companies[1]
    db_session.commit()
    auth.login(world.secretariat.email)
    response = client.post(
        f"/organisations/{own.id}/users/{reviewer.id}/remove", data={"confirmed": "1"}
    )
    page = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert f"已将{reviewer.name} 移出本单位。" in page
    assert f"{world.companies[0].name_zh} 2025" in page
    auth.logout()

    auth.login(reviewer.email)
    status, page = _decide(client, assignment, "理由")
    assert status == 200
    assert "评审员已不属于任何会员单位" in page
    assert reviewing.decision_of(assignment, ITEM) is None
    auth.logout()
    auth.login(world.lead.email)
    lead_page = client.get(f"/reviews/assessments/{world.assessments[0].id}/assign")
    assert "存在利益冲突：评审员已不属于任何会员单位。" in lead_page.get_data(as_text=True)


def test_a_submitted_review_is_history_and_untouched(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assignment = _assigned(db_session)
    reviewing.accept_remaining(assignment, list(assignment.review.sample), set(), world.lead)
    reviewing.submit_assignment(assignment, assignment.reviewer)
    db_session.commit()
    auth.login(world.secretariat.email)
    page = _join(client, world, world.companies[0].id, assignment.reviewer.email)
    assert f"已将{assignment.reviewer.name} 加入本单位。" in page
    assert "以下评审任务因此存在利益冲突" not in page
    assert not db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "review.conflict")
    ).all()
    auth.logout()
    auth.login(world.lead.email)
    lead_page = client.get(f"/reviews/assessments/{world.assessments[0].id}/assign")
    assert "存在利益冲突：" not in lead_page.get_data(as_text=True)
    db_session.expire_all()
    assert assignment.is_submitted


def test_the_conflict_is_told_in_english_to_english_readers(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assignment = _assigned(db_session)
    world.lead.language = "en"
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get("/lang/en")
    page = _join(client, world, world.companies[0].id, assignment.reviewer.email)
    assert "now in a conflict of interest" in page
    mail = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "review.conflict")
    ).one()
    assert "Reviewer in a conflict of interest" in mail.subject
    assert "The reviewer works for the reviewed organisation" in mail.body
    auth.logout()

    auth.login(world.lead.email)
    client.get("/lang/en")
    lead_page = client.get(f"/reviews/assessments/{world.assessments[0].id}/assign")
    assert "Conflict of interest: The reviewer works for the reviewed organisation." in (
        html.unescape(lead_page.get_data(as_text=True))
    )
    auth.logout()
    auth.login(assignment.reviewer.email)
    client.get("/lang/en")
    _status, page = _decide(client, assignment, "My reason")
    assert "You are now in a conflict of interest with the reviewed organisation" in (
        html.unescape(page)
    )


def test_the_lead_sees_the_conflict_on_the_consolidation_page_and_the_groups_overview(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # Where the lead waits for the reviewer's submission: why it never comes, and where to act.
    world, assignment = _assigned(db_session)
    reviewer, reviewed = assignment.reviewer, world.companies[0]
    db_session.commit()
    urls = (f"/reviews/{assignment.review_id}/consolidate", f"/reviews/groups/{world.group.id}")
    auth.login(world.lead.email)
    for url in urls:  # nothing to say yet
        assert "到指派页撤回该评审员" not in client.get(url).get_data(as_text=True), url
    auth.logout()
    auth.login(world.secretariat.email)
    _join(client, world, reviewed.id, reviewer.email)
    auth.logout()

    auth.login(world.lead.email)
    assign_url = f"/reviews/assessments/{world.assessments[0].id}/assign"
    why = (
        "存在利益冲突：评审员来自被评审单位本身。"
        "该评审员不能保存或提交，其评审不计入；请撤回并另行指派。"
    )
    for url in urls:
        page = html.unescape(client.get(url).get_data(as_text=True))
        assert f"{reviewer.name}：{why}" in _text(page), url
        assert f'<a href="{assign_url}">到指派页撤回该评审员</a>' in page, url
    client.get("/lang/en")
    page = html.unescape(
        client.get(f"/reviews/{assignment.review_id}/consolidate").get_data(as_text=True)
    )
    assert f"{reviewer.name}: Conflict of interest: The reviewer works for the reviewed" in _text(
        page
    )
    assert "Withdraw the reviewer on the assignment page" in page


@pytest.mark.parametrize(
    ("lang", "named"), [("zh_CN", "{name} 2025 年度。"), ("en", "{name} (2025).")]
)
def test_the_join_confirmation_names_the_assignment_with_its_year_as_lists_write_it(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, named: str
) -> None:
    world, assignment = _assigned(db_session)
    reviewed = world.companies[0]
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    page = _join(client, world, reviewed.id, assignment.reviewer.email)
    name = reviewed.name_zh if lang == "zh_CN" else reviewed.display_name("en")
    assert named.format(name=name) in page
