"""The review pages do the work they show, once: forms for what is shown, one self scoring.

The reviewer's page lists one section: building every item's decision form for it made the
page slow (190 forms built for the ~40 shown); the finalise confirmation scored the self
levels three times.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.assessments import results
from rcapp.reviews import pages
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world, submit_all


def _counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    calls: list[int] = []
    original: Callable[..., Any] = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_the_reviewer_page_builds_forms_only_for_the_section_shown(
    client: FlaskClient, db_session: Session, auth: AuthActions, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    assignment = review.assignments[0]
    db_session.commit()
    auth.login(assignment.reviewer.email)
    built = _counting(monkeypatch, pages, "decision_form")
    statements: list[str] = []

    def seen(*args: object) -> None:
        statements.append(str(args[2]))

    bind = db.session().get_bind()
    event.listen(bind, "before_cursor_execute", seen)
    try:
        page = client.get(f"/reviews/assignments/{assignment.id}?section=C1").get_data(as_text=True)
    finally:
        event.remove(bind, "before_cursor_execute", seen)
    shown = page.count(f"/reviews/assignments/{assignment.id}/items/")
    assert shown == 2  # C1's two answered items, each with its form
    assert len(built) == shown  # not the other sections' (MS, C6) forms too
    # Rows come a table at a time: the count does not grow with the items.
    assert len(statements) < 30


def test_a_saved_item_brings_the_reviewer_back_to_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    assignment = assign_all(world)[0].assignments[0]
    db_session.commit()
    auth.login(assignment.reviewer.email)
    response = client.post(
        f"/reviews/assignments/{assignment.id}/items/C1.E1.1",
        data={"d-C1.E1.1-decision": "accept"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("section=C1#item-C1.E1.1")


def test_the_finalise_confirmation_scores_the_self_levels_once(
    client: FlaskClient, db_session: Session, auth: AuthActions, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    submit_all(review)
    db_session.commit()
    auth.login(world.lead.email)
    scored = _counting(monkeypatch, results, "score_assessment")
    response = client.get(f"/reviews/{review.id}/finalise")
    assert response.status_code == 200
    assert "确认定级" in response.get_data(as_text=True)
    assert len(scored) == 1  # the self levels, once; the final levels are scored apart
