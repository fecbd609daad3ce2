"""A reviewer declines an assignment not started yet, with a reason; the lead sees it.

Before, the reviewer could only e-mail the lead. Now "无法承担此评审" on the review page and
the list asks for a cause (and a text for 其他); the assignment goes (nothing counts it any
more), the lead and deputies are mailed in their language, the audit log keeps
`review.decline`, and the assign page lists who declined, when and why.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, User
from rcapp.audit.models import AuditEntry
from rcapp.cycles.models import CycleStatus
from rcapp.mail.models import OutboxMessage
from rcapp.reviews import reviewing
from rcapp.reviews import services as review_services
from rcapp.reviews.decline import WorkStarted, decline_assignment
from rcapp.reviews.errors import YearClosed
from rcapp.reviews.models import Decision, ReviewAssignment, ReviewKind
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_user
from tests.factories_reviews import ReviewWorld, make_review_world


def _assigned(db_session: Session) -> tuple[ReviewWorld, ReviewAssignment]:
    world = make_review_world(3)
    deputy = make_user(world.companies[2], name="副组长甲")
    deputy.language = "en"
    make_group_role(deputy, world.group, GroupRole.DEPUTY)
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, world.reviewers[1:3], world.lead
    )
    db_session.commit()
    return world, review.assignments[0]


def _text(client: FlaskClient, url: str) -> str:
    return html.unescape(client.get(url).get_data(as_text=True))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_declining_removes_the_assignment_tells_the_leads_and_shows_on_the_assign_page(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, assignment = _assigned(db_session)
    reviewer, review = assignment.reviewer, assignment.review
    assignment_id = assignment.id
    auth.login(reviewer.email)
    auth.choose_language(lang)
    decline_url = f"/reviews/assignments/{assignment_id}/decline"
    words = {
        "zh": ("无法承担此评审", "请选择无法承担评审的原因", "选择“其他”时请填写说明"),
        "en": ("Decline this review", "Choose why you cannot take", "say why"),
    }[lang]

    page = _text(client, f"/reviews/assignments/{assignment_id}")
    assert decline_url in page
    assert words[0] in page
    assert decline_url in _text(client, "/reviews/")  # from the list of reviews too
    asked = _text(client, decline_url)
    assert words[0] in asked
    assert world.companies[0].display_name(lang) in asked

    # No cause: refused, said beside the field; 其他 without a text: refused, the choice kept.
    refused = client.post(decline_url, data={"cause": "", "note": ""})
    assert refused.status_code == 400
    assert words[1] in html.unescape(refused.get_data(as_text=True))
    refused = client.post(decline_url, data={"cause": "other", "note": ""})
    assert refused.status_code == 400
    assert words[2] in html.unescape(refused.get_data(as_text=True))
    assert db_session.get(ReviewAssignment, assignment_id) is not None

    done = client.post(decline_url, data={"cause": "time", "note": "十月出差两周"})
    assert done.status_code == 302
    assert done.headers["Location"].endswith("/reviews/")
    db_session.expire_all()
    assert db_session.get(ReviewAssignment, assignment_id) is None
    assert [a.reviewer_id for a in review.assignments] == [world.reviewers[2].id]
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "review.decline")
    ).one()
    assert entry.entity_id == review.id
    assert entry.reason == "十月出差两周"
    assert '"cause": "time"' in (entry.after or "")

    mails = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "review.decline")
    ).all()
    by_address = {m.to_address: m for m in mails}
    deputy = db_session.scalars(select(User).where(User.name == "副组长甲")).one()
    assert set(by_address) == {world.lead.email, deputy.email}  # not the reviewer, nor the company
    lead_mail = by_address[world.lead.email]  # in the lead's language (Chinese)
    assert "谢绝了对" in lead_mail.body
    assert "时间冲突" in lead_mail.body
    assert "十月出差两周" in lead_mail.body
    deputy_mail = by_address[deputy.email]  # in the deputy's (English)
    assert "declined" in deputy_mail.body
    assert "Schedule conflict" in deputy_mail.body

    # Gone from the reviewer's list; an old tab of the page or the form is told, not 404.
    assert f'/reviews/assignments/{assignment_id}"' not in _text(client, "/reviews/")
    again = client.post(decline_url, data={"cause": "time", "note": ""}, follow_redirects=True)
    assert again.status_code == 200
    assert {"zh": "您已于", "en": "You declined"}[lang] in html.unescape(
        again.get_data(as_text=True)
    )

    # The lead sees who declined, when and why, and may assign the same person again.
    auth.logout()
    auth.login(world.lead.email)
    auth.choose_language(lang)
    assign = _text(client, f"/reviews/assessments/{review.assessment_id}/assign")
    assert 'id="declines"' in assign
    assert reviewer.name in assign
    assert "十月出差两周" in assign
    assert {"zh": "时间冲突", "en": "Schedule conflict"}[lang] in assign
    assert f'name="reviewers" value="{reviewer.id}" id="reviewer-{reviewer.id}"\n' in assign
    assert "declined-before" in assign  # beside the name among the candidates
    label = {"zh": "评审员谢绝评审", "en": "Reviewer declined the review"}[lang]
    # the group's activity page lists it for the lead and deputies
    assert label in _text(client, f"/reviews/groups/{world.group.id}/activity")
    auth.logout()
    auth.login(world.secretariat.email)
    auth.choose_language(lang)
    audit = _text(client, "/audit/")
    assert label in audit
    assert {"zh": "谢绝原因", "en": "Reason for declining"}[lang] in audit


def test_decline_is_refused_once_work_is_saved_and_offered_no_more(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assignment = _assigned(db_session)
    assignment_id, item_id = assignment.id, assignment.review.sample[0]
    auth.login(assignment.reviewer.email)
    decline_url = f"/reviews/assignments/{assignment_id}/decline"
    asked = _text(client, decline_url)  # the page opened before the save, in another tab
    assert "确认谢绝此评审" in asked
    client.post(
        f"/reviews/assignments/{assignment_id}/items/{item_id}",
        data={f"d-{item_id}-decision": Decision.ACCEPT.value, f"d-{item_id}-seen": "0"},
    )
    db_session.expire_all()
    assert assignment.decisions

    refused = client.post(decline_url, data={"cause": "expertise", "note": "不熟悉氯碱工艺"})
    assert refused.status_code == 409
    said = html.unescape(refused.get_data(as_text=True))
    assert "不能再谢绝此评审" in said
    assert "请联系组长撤回" in said
    assert "不熟悉氯碱工艺" in said  # the text typed kept
    db_session.expire_all()
    assert db_session.get(ReviewAssignment, assignment_id) is not None
    page = _text(client, f"/reviews/assignments/{assignment_id}")
    assert decline_url not in page
    assert decline_url not in _text(client, "/reviews/")
    told = client.get(decline_url, follow_redirects=True)
    assert "请联系组长撤回" in html.unescape(told.get_data(as_text=True))


def test_a_withdrawn_reviewers_decline_is_told_and_others_may_not_decline(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assignment = _assigned(db_session)
    assignment_id = assignment.id
    decline_url = f"/reviews/assignments/{assignment_id}/decline"
    other = world.reviewers[2]
    auth.login(other.email)  # a co-reviewer
    assert client.get(decline_url).status_code in (403, 404)
    assert client.post(decline_url, data={"cause": "time"}).status_code in (403, 404)
    auth.logout()
    auth.login(world.lead.email)  # the lead withdraws instead; declining is the reviewer's
    assert client.post(decline_url, data={"cause": "time"}).status_code in (403, 404)
    db_session.expire_all()
    assert db_session.get(ReviewAssignment, assignment_id) is not None

    # Withdrawn meanwhile: the reviewer's form is told who withdrew them, the text quoted.
    review_services.withdraw_assignment(assignment, world.lead)
    db_session.commit()
    auth.logout()
    auth.login(assignment.reviewer.email)
    told = client.post(
        decline_url, data={"cause": "other", "note": "家中有事"}, follow_redirects=True
    )
    said = html.unescape(told.get_data(as_text=True))
    assert "已撤回您对" in said
    assert "家中有事" in said


def test_the_service_refuses_started_or_finished_work_and_a_closed_year(
    db_session: Session,
) -> None:
    world, assignment = _assigned(db_session)
    reviewer = assignment.reviewer
    reviewing.accept_remaining(assignment, [assignment.review.sample[0]], set(), reviewer)
    with pytest.raises(WorkStarted):
        decline_assignment(assignment, reviewer, "time", "")
    db_session.rollback()
    other = assignment.review.assignments[1]
    world.cycle.status = CycleStatus.CLOSED
    db_session.flush()
    with pytest.raises(YearClosed):
        decline_assignment(other, other.reviewer, "time", "")
    db_session.rollback()
    assert db_session.get(ReviewAssignment, other.id) is not None


def test_a_declined_review_leaves_the_home_card_and_counts_as_unassigned(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(2)
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, [world.reviewers[1]], world.lead
    )
    assignment_id = review.assignments[0].id
    db_session.commit()
    auth.login(world.reviewers[1].email)
    assert f'/reviews/assignments/{assignment_id}"' in client.get("/").get_data(as_text=True)
    client.post(
        f"/reviews/assignments/{assignment_id}/decline", data={"cause": "expertise", "note": ""}
    )
    assert f'/reviews/assignments/{assignment_id}"' not in client.get("/").get_data(as_text=True)
    auth.logout()
    auth.login(world.lead.email)
    group = _text(client, f"/reviews/groups/{world.group.id}")
    assert f"/reviews/assessments/{review.assessment_id}/assign" in group
    assign = _text(client, f"/reviews/assessments/{review.assessment_id}/assign")
    assert "未指派" in assign  # nobody left on it: listed as unassigned again
    assert "专业不符" in assign
