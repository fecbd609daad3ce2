"""A reviewer's home page lists their open review assignments with when each is due."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.cycles.models import CycleStatus
from rcapp.reviews import reviewing
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world


def test_open_assignments_show_with_due_status_and_links(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    reviews = assign_all(world)
    assignment = reviews[0].assignments[0]
    reviewer = assignment.reviewer
    # Assigned 30 days ago: due 21 days after, so 9 days late.
    assignment.assigned_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    db_session.commit()
    auth.login(reviewer.email)
    page = client.get("/").get_data(as_text=True)
    assert "我的评审任务" in page
    assert f"/reviews/assignments/{assignment.id}" in page
    assert reviews[0].assessment.organisation.name_zh in page
    assert "已逾期 9 天" in page
    assert "/reviews/conflicts" in page
    due = beijing_today() - dt.timedelta(days=9)
    assert due.isoformat() in page


def test_a_submitted_assignment_leaves_the_panel_and_others_see_none(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    assignment = review.assignments[0]
    reviewing.accept_remaining(assignment, list(review.sample), set(), assignment.reviewer)
    reviewing.submit_assignment(assignment, assignment.reviewer)
    db_session.commit()
    auth.login(assignment.reviewer.email)
    page = client.get("/").get_data(as_text=True)
    assert f'/reviews/assignments/{assignment.id}"' not in page
    auth.logout()
    auth.login(world.members[4].email)
    assert "我的评审任务" not in client.get("/").get_data(as_text=True)


def test_a_closed_years_assignment_leaves_the_panel(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    assignment = review.assignments[0]
    review.assessment.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    auth.login(assignment.reviewer.email)
    page = client.get("/").get_data(as_text=True)
    assert f'/reviews/assignments/{assignment.id}"' not in page
    assert "已逾期" not in page
