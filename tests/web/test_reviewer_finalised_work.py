"""The reviewer keeps his submitted work once the lead finalises: read only, every save refused.

QA (on-site review from a phone): after finalisation /reviews/assignments/<id> answered 403
and his conclusions and findings were gone from his sight. Now it shows them without forms,
says when and by whom the review was finalised (test_deputy_acts_named), and /reviews/
links to it. Nothing he sends changes anything any more; another reviewer's assignment stays
closed to him.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.assessments.queries import rubric_of
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import Decision, Finding, FindingKind, ItemDecision, ReviewAssignment
from rcapp.rubrics.model import Item
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world

REASON = "现场只看到 2024 年的演练记录"
FOUND = "储罐区巡检记录缺少 3 月份"


def _item(assignment: ReviewAssignment, item_id: str) -> Item:
    return rubric_of(assignment.review.assessment).item_index()[item_id]


def _worked(assignment: ReviewAssignment) -> Finding:
    """Adjust C1.E1.1 with a reason, record a finding, accept the rest: his work."""
    reviewer = assignment.reviewer
    item = _item(assignment, "C1.E1.1")
    reviewing.save_decision(assignment, item, False, Decision.ADJUST, 2, REASON, reviewer)
    finding = reviewing.add_finding(
        assignment, FindingKind.IMPROVEMENT, FOUND, "C1.E1.1", "", None, reviewer
    )
    reviewing.accept_remaining(assignment, list(assignment.review.sample), set(), reviewer)
    return finding


def _finalised(db_session: Session) -> tuple[ReviewAssignment, Finding]:
    world = make_review_world(5)
    review = assign_all(world)[0]
    mine, other = review.assignments
    finding = _worked(mine)
    reviewing.submit_assignment(mine, mine.reviewer)
    reviewing.accept_remaining(other, list(review.sample), set(), other.reviewer)
    reviewing.submit_assignment(other, other.reviewer)
    settling.settle_item(review, "C1.E1.1", 3, "组长裁定", world.lead)
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    return mine, finding


@pytest.mark.parametrize(
    ("lang", "note", "back"),
    [
        (
            "zh",
            "定级。以下是您提交的评审结论和发现，只读；最终结果以定级为准。",
            "返回",
        ),
        ("en", "the final result is the finalised rating", "Back to"),
    ],
)
def test_the_reviewer_reads_his_own_work_after_finalisation(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    note: str,
    back: str,
) -> None:
    mine, _finding = _finalised(db_session)
    auth.login(mine.reviewer.email)
    client.get(f"/lang/{lang}")
    listed = html.unescape(client.get("/reviews/").get_data(as_text=True))
    completed = listed.split('id="completed"')[1].split("</table>")[0]
    assert f'href="/reviews/assignments/{mine.id}"' in completed

    answer = client.get(f"/reviews/assignments/{mine.id}")
    assert answer.status_code == 200
    page = html.unescape(answer.get_data(as_text=True))
    assert note in page
    assert back in page
    assert mine.review.finalised_at is not None
    assert REASON in page
    assert FOUND in page
    assert 'id="item-C1.E1.1"' in page
    # No form, no save, and nothing of the organisation's answers or files.
    assert "<form" not in page.split("<main")[1]
    assert "/evidence/" not in page


def test_every_save_is_refused_once_finalised(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    mine, finding = _finalised(db_session)
    auth.login(mine.reviewer.email)
    base = f"/reviews/assignments/{mine.id}"
    before = {(d.item_id, d.decision, d.level, d.reason) for d in mine.decisions}
    # An item's save is told why, on his finalised work (test_review_refused_in_place.py).
    told = client.post(f"{base}/items/C1.E1.1", data={"d-C1.E1.1-decision": "accept"})
    assert told.status_code == 302
    assert told.headers["Location"].startswith(base)
    posts = {
        f"{base}/accept-rest": {},
        f"{base}/submit": {},
        f"{base}/findings": {"kind": "strength", "text": "新发现"},
        f"{base}/findings/{finding.id}/edit": {f"f{finding.id}-kind": "strength"},
        f"{base}/findings/{finding.id}/delete": {},
    }
    for url, data in posts.items():
        assert client.post(url, data=data).status_code == 403, url
    db.session().expire_all()
    assert {(d.item_id, d.decision, d.level, d.reason) for d in mine.decisions} == before
    kept = db.session().get(Finding, finding.id)
    assert kept is not None
    assert kept.text == FOUND
    assert kept.kind is FindingKind.IMPROVEMENT
    assert len([f for f in mine.review.findings if f.assignment_id == mine.id]) == 1


def test_every_save_is_refused_once_submitted(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    mine = review.assignments[0]
    finding = _worked(mine)
    reviewing.submit_assignment(mine, mine.reviewer)
    db_session.commit()
    auth.login(mine.reviewer.email)
    base = f"/reviews/assignments/{mine.id}"
    page = client.get(base).get_data(as_text=True)
    assert f'action="{base}/findings' not in page
    assert f'action="{base}/items/' not in page
    client.post(f"{base}/items/C1.E1.1", data={"d-C1.E1.1-decision": "accept"})
    client.post(f"{base}/findings", data={"kind": "strength", "text": "新发现"})
    client.post(
        f"{base}/findings/{finding.id}/edit",
        data={f"f{finding.id}-kind": "strength", f"f{finding.id}-text": "改了"},
    )
    client.post(f"{base}/findings/{finding.id}/delete", data={})
    db.session().expire_all()
    decision = db.session().scalar(
        select(ItemDecision).filter_by(assignment_id=mine.id, item_id="C1.E1.1")
    )
    assert decision is not None
    assert decision.decision is Decision.ADJUST
    assert decision.reason == REASON
    kept = db.session().get(Finding, finding.id)
    assert kept is not None
    assert kept.text == FOUND
    assert [f.id for f in mine.review.findings] == [finding.id]


def test_another_reviewers_assignment_stays_closed(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    mine, other = review.assignments
    reviewing.accept_remaining(other, list(review.sample), set(), other.reviewer)
    reviewing.submit_assignment(other, other.reviewer)
    db_session.commit()
    auth.login(mine.reviewer.email)
    # Before he has submitted his own: the colleague's (submitted) work is not his to see.
    assert client.get(f"/reviews/assignments/{other.id}").status_code == 403
    assert client.get(f"/reviews/assignments/{mine.id}").status_code == 200
    reviewing.accept_remaining(mine, list(review.sample), set(), mine.reviewer)
    reviewing.submit_assignment(mine, mine.reviewer)
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    # Finalised: his own, read only; never the colleague's.
    assert client.get(f"/reviews/assignments/{mine.id}").status_code == 200
    assert client.get(f"/reviews/assignments/{other.id}").status_code == 403
