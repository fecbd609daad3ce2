"""Withdrawing a reviewer asks first, naming what is deleted (their saved decisions and
findings); the reviewer is told by e-mail in their language; the audit log keeps it. A
review left without reviewers counts as unassigned again on the lead's group page.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.mail.models import OutboxMessage
from rcapp.reviews import reviewing
from rcapp.reviews import services as review_services
from rcapp.reviews.models import (
    Finding,
    FindingKind,
    ItemDecision,
    Review,
    ReviewAssignment,
    ReviewKind,
)
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, make_review_world, reviewers_of

LOST = {
    "zh_CN": "已保存的 1 项评价项结论和 1 条评审发现将被删除",
    "en": "The 1 item decisions and 1 findings",
}


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _desk_review(db_session: Session) -> tuple[ReviewWorld, Review, ReviewAssignment]:
    """Company 0's desk review by one reviewer, who saved a decision and a finding."""
    world = make_review_world(3)
    reviewer = reviewers_of(world, 0)[0]
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, [reviewer], world.lead
    )
    assignment = review.assignments[0]
    reviewing.accept_remaining(assignment, [review.sample[0]], set(), reviewer)
    reviewing.add_finding(
        assignment, FindingKind.STRENGTH, "演练记录完整", None, "", None, reviewer
    )
    reviewer.language = "en"
    db_session.commit()
    return world, review, assignment


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_confirmation_page_names_what_is_deleted(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review, assignment = _desk_review(db_session)
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")

    page = client.get(f"/reviews/assignments/{assignment.id}/withdraw")

    assert page.status_code == 200
    text = _text(page.get_data(as_text=True))
    assert LOST[lang] in text
    assert assignment.reviewer.name in text
    assigning = client.get(f"/reviews/assessments/{review.assessment_id}/assign")
    # The assigning page only links to the confirmation: no one-click withdraw form.
    assert f"/reviews/assignments/{assignment.id}/withdraw" in assigning.get_data(as_text=True)
    assert 'method="post" action="/reviews/assignments/' not in assigning.get_data(as_text=True)


def test_a_post_without_confirmation_only_asks(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, _review, assignment = _desk_review(db_session)
    auth.login(world.lead.email)

    response = client.post(f"/reviews/assignments/{assignment.id}/withdraw")

    assert response.status_code == 302
    assert response.location.endswith(f"/reviews/assignments/{assignment.id}/withdraw")
    assert db_session.get(ReviewAssignment, assignment.id) is not None


def test_a_confirmed_withdrawal_tells_the_reviewer_and_is_audited(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, review, assignment = _desk_review(db_session)
    reviewer = assignment.reviewer
    assignment_id, review_id = assignment.id, review.id
    auth.login(world.lead.email)

    response = client.post(
        f"/reviews/assignments/{assignment_id}/withdraw", data={"confirmed": "1"}
    )

    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(ReviewAssignment, assignment_id) is None
    assert not db_session.scalars(
        select(ItemDecision).where(ItemDecision.assignment_id == assignment_id)
    ).all()
    assert not db_session.scalars(select(Finding).where(Finding.review_id == review_id)).all()
    mails = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "review.withdraw")
    ).all()
    assert [(m.to_address, m.lang) for m in mails] == [(reviewer.email, "en")]
    assert "1 item decisions and 1 findings you had saved have been deleted" in mails[0].body
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "review.withdraw")
    ).one()
    assert json.loads(entry.before or "{}") == {
        "reviewer": reviewer.email,
        "assignment": assignment_id,
        "assessment_id": review.assessment_id,
        "organisation_id": review.assessment.organisation_id,
    }
    # What was deleted, once, on the "after" side (QA47 D3); no reason given, none kept.
    assert json.loads(entry.after or "{}") == {"decisions": 1, "findings": 1}
    assert entry.reason is None


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_review_left_without_reviewers_is_unassigned_again(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, _review, assignment = _desk_review(db_session)
    review_services.withdraw_assignment(assignment, world.lead)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")

    page = client.get(f"/reviews/groups/{world.group.id}").get_data(as_text=True)

    unassigned = _text(page.split('id="unassigned"')[1].split("</section>")[0])
    assert ("（3）" if lang == "zh_CN" else "(3)") in unassigned  # with the two never assigned
    assert world.companies[0].display_name(lang) in unassigned


def _seen(page: str) -> str:
    found = re.search(r'name="seen"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="seen"', page)
    assert found is not None, "no stamp of the reviewer's work on the page"
    return found.group(1) or found.group(2)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_work_saved_after_the_confirmation_page_was_opened_is_not_deleted_unasked(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """qa41 D2: the reviewer saves conclusions while the lead's confirmation page is open."""
    world, review, assignment = _desk_review(db_session)
    reviewer, assignment_id = assignment.reviewer, assignment.id
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    url = f"/reviews/assignments/{assignment_id}/withdraw"
    seen = _seen(client.get(url).get_data(as_text=True))
    # Meanwhile the reviewer, in his own session, saves one more conclusion.
    reviewing.accept_remaining(assignment, [review.sample[1]], set(), reviewer)
    db_session.commit()

    response = client.post(url, data={"confirmed": "1", "seen": seen})

    assert response.status_code == 409  # the confirmation page again
    text = _text(response.get_data(as_text=True))
    if lang == "zh_CN":
        assert f"{reviewer.name} 在您打开本页后又保存了结论或评审发现（现共 2 项评价项结论" in text
    else:
        assert f"{reviewer.name} saved decisions or findings after you opened this page" in text
    db_session.expire_all()
    kept = db_session.get(ReviewAssignment, assignment_id)
    assert kept is not None
    assert len(kept.decisions) == 2
    # Confirmed on the page as shown again: withdrawn, and the audit entry counts what went.
    again = client.post(
        url, data={"confirmed": "1", "seen": _seen(response.get_data(as_text=True))}
    )
    assert again.status_code == 302
    db_session.expire_all()
    assert db_session.get(ReviewAssignment, assignment_id) is None
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "review.withdraw")
    ).one()
    assert json.loads(entry.after or "{}") == {"decisions": 2, "findings": 1}
