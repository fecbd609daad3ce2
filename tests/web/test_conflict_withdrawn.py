"""A declared conflict of interest can be withdrawn (declared by mistake, or no longer so).

Before, a declaration was kept for good. Now /reviews/conflicts offers "撤销申报" beside
each declaration to whoever may declare for that reviewer (the reviewer, an admin of their
organisation), asked first in the page; the row goes, `review.conflict_withdrawn` is
audited, the reviewer is a candidate again and a review the declaration stopped goes on,
its lead told.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.mail.models import OutboxMessage
from rcapp.reviews import services as review_services
from rcapp.reviews.models import DeclaredConflict, ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world

WORDS = {
    "zh": ("撤销申报…", "确认撤销", "已撤销", "撤销利益冲突申报"),
    "en": (
        "Withdraw declaration…",
        "Withdraw the conflict of interest",
        "has been withdrawn",
        "Withdrew a declared conflict of interest",
    ),
}


def _text(client: FlaskClient, url: str) -> str:
    return html.unescape(client.get(url).get_data(as_text=True))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_withdrawing_a_declaration_asks_first_then_makes_the_reviewer_a_candidate_again(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(3)
    reviewer, company = world.reviewers[1], world.companies[0]
    declared = review_services.declare_conflict(reviewer, company, "曾在该单位任职", reviewer)
    assert declared is not None
    db_session.commit()
    row = db_session.scalars(select(DeclaredConflict)).one()
    auth.login(reviewer.email)
    auth.choose_language(lang)
    url = f"/reviews/conflicts/{row.id}/withdraw"

    page = _text(client, "/reviews/conflicts")
    assert url in page
    assert WORDS[lang][0] in page
    asked = html.unescape(client.post(url).get_data(as_text=True))  # asked first, in the page
    assert 'id="confirm-withdraw"' in asked
    assert WORDS[lang][1] in asked
    assert db_session.scalars(select(DeclaredConflict)).all() == [row]

    done = client.post(url, data={"confirmed": "1"}, follow_redirects=True)
    assert WORDS[lang][2] in html.unescape(done.get_data(as_text=True))
    db_session.expire_all()
    assert not db_session.scalars(select(DeclaredConflict)).all()
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "review.conflict_withdrawn")
    ).one()
    assert entry.entity_id == reviewer.id
    assert entry.reason == "曾在该单位任职"

    # A second click (another tab) is told, not a 404.
    again = client.post(url, data={"confirmed": "1"}, follow_redirects=True)
    assert again.status_code == 200

    # The lead may assign the reviewer to the organisation again.
    auth.logout()
    auth.login(world.lead.email)
    assign = _text(client, f"/reviews/assessments/{world.assessments[0].id}/assign")
    assert f'id="conflict-{reviewer.id}"' not in assign
    auth.logout()
    auth.login(world.secretariat.email)
    auth.choose_language(lang)
    assert WORDS[lang][3] in _text(client, "/audit/")


def test_withdrawing_frees_a_stopped_review_and_tells_the_lead(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    reviewer, company = world.reviewers[1], world.companies[0]
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, [reviewer], world.lead
    )
    review_services.declare_conflict(reviewer, company, "误点", reviewer)
    db_session.commit()
    row = db_session.scalars(select(DeclaredConflict)).one()
    auth.login(reviewer.email)
    stopped = _text(client, f"/reviews/assignments/{review.assignments[0].id}")
    assert "不能再保存或提交本评审" in stopped

    client.post(f"/reviews/conflicts/{row.id}/withdraw", data={"confirmed": "1"})
    page = _text(client, f"/reviews/assignments/{review.assignments[0].id}")
    assert "不能再保存或提交本评审" not in page
    mails = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "review.conflict_ended")
    ).all()
    assert [m.to_address for m in mails] == [world.lead.email]
    assert "已撤销与" in mails[0].body
    assert "可以继续评审" in mails[0].body


def test_only_whoever_may_declare_for_the_reviewer_may_withdraw(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    reviewer, company = world.reviewers[1], world.companies[0]
    review_services.declare_conflict(reviewer, company, "亲属", reviewer)
    db_session.commit()
    row = db_session.scalars(select(DeclaredConflict)).one()
    url = f"/reviews/conflicts/{row.id}/withdraw"
    auth.login(world.reviewers[2].email)  # another reviewer of the group
    assert client.post(url, data={"confirmed": "1"}).status_code == 404
    auth.logout()
    auth.login(world.lead.email)  # the lead declares for nobody: 403, as the page
    assert client.post(url, data={"confirmed": "1"}).status_code == 403
    auth.logout()
    auth.login(world.members[1].email)  # the admin of the reviewer's organisation may
    client.post(url, data={"confirmed": "1"})
    db_session.expire_all()
    assert not db_session.scalars(select(DeclaredConflict)).all()
