"""qa10's smaller review items: S3 help left on a submitted reviewer page, S4 an empty
"assigned" list after every withdrawal, S9 a second audit entry for an identical
settlement, S15 a refused stale save quoting the reason but not the level.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.reviews import reviewing, settling
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world, reviewers_of
from tests.web.test_review_settler_role import _flagged


def test_a_submitted_reviewer_page_keeps_no_help_for_forms_it_no_longer_has(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world, ReviewKind.DESK)[0]
    first = review.assignments[0]
    db_session.commit()
    auth.login(first.reviewer.email)
    before = html.unescape(client.get(f"/reviews/assignments/{first.id}").get_data(as_text=True))
    assert "括号内为该板块尚未给出结论的抽查项数。" in before
    reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
    reviewing.submit_assignment(first, first.reviewer)
    db_session.commit()
    page = html.unescape(client.get(f"/reviews/assignments/{first.id}").get_data(as_text=True))
    assert "本评审已提交。" in page
    assert "如发现数据有误，请在下方记录发现。" not in page
    assert "括号内为该板块尚未给出结论的抽查项数。" not in page


@pytest.mark.parametrize(("lang", "heading"), [("zh", "已指派（"), ("en", "Assigned (")])
def test_after_every_reviewer_is_withdrawn_no_empty_assigned_list_is_shown(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, heading: str
) -> None:
    world = make_review_world(5)
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0)[:1], world.lead
    )
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    url = f"/reviews/assessments/{world.assessments[0].id}/assign"
    assert heading in html.unescape(client.get(url).get_data(as_text=True))
    review_services.withdraw_assignment(review.assignments[0], world.lead)
    db_session.commit()
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert heading not in page
    assert f"/reviews/{review.id}/consolidate" not in page


def test_an_identical_settlement_writes_no_second_audit_entry(db_session: Session) -> None:
    world = make_review_world(5)
    review = _flagged(world)
    settling.settle_item(review, "MS.G1.1", 2, "核实签字页", world.lead)
    settling.settle_item(review, "MS.G1.1", 2, " 核实签字页 ", world.lead)

    def entries() -> int:
        statement = select(func.count()).where(
            AuditEntry.action == "review.settle", AuditEntry.entity_id == review.id
        )
        return db_session.scalar(statement) or 0

    assert entries() == 1
    settling.settle_item(review, "MS.G1.1", 2, "核实签字页与日期", world.lead)  # a new reason
    assert entries() == 2


@pytest.mark.parametrize(
    ("lang", "quoted"),
    [
        ("zh", "您为 MS.G1.1 选择的等级：1。 您为 MS.G1.1 填写的理由：无签字"),
        ("en", "Your level for MS.G1.1: 1. Your reason for MS.G1.1: 无签字"),
    ],
)
def test_a_save_refused_after_submitting_quotes_the_level_as_well_as_the_reason(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, quoted: str
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    assignment = review.assignments[0]
    reviewing.accept_remaining(assignment, list(review.sample), set(), assignment.reviewer)
    reviewing.submit_assignment(assignment, assignment.reviewer)
    db_session.commit()
    auth.login(assignment.reviewer.email)
    client.get(f"/lang/{lang}")
    response = client.post(
        f"/reviews/assignments/{assignment.id}/items/MS.G1.1",
        data={"d-MS.G1.1-decision": "adjust", "d-MS.G1.1-level": "1", "d-MS.G1.1-reason": "无签字"},
    )
    assert response.status_code == 409
    assert quoted in html.unescape(response.get_data(as_text=True))
