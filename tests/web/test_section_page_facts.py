"""A kept section page is served from the assessment's facts (facts.py, kept_section.py).

The facts must give every permission rule and every key the same answer as the ORM
objects; anything the facts do not decide goes the ordinary way. Requests run in their
own app context, as in a worker (test_request_frame_fresh.fresh).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, update
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, OrgRole, User
from rcapp.assessments import services
from rcapp.assessments.facts import assessment_facts
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.cycles.models import CycleStatus
from rcapp.db import ENGINE_KEY
from rcapp.permissions import Action, can
from rcapp.reviews.models import Review, ReviewKind, ReviewStatus
from rcapp.reviews.services import assign_reviewers
from tests.conftest import AuthActions
from tests.factories import (
    World,
    fill_complete,
    make_group_role,
    make_user,
    make_working_group,
    make_world,
    start,
)
from tests.factories_reviews import make_review_world
from tests.web.test_request_frame_fresh import fresh, opened


@contextmanager
def _statements(app: Flask) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(*args: object) -> None:
        seen.append(str(args[2]))

    engine = app.extensions[ENGINE_KEY]
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _url(assessment: Assessment) -> str:
    return f"/assessments/{assessment.id}/sections/C1"


def _submitted(db_session: Session) -> tuple[World, Assessment]:
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    return world, assessment


def test_a_kept_page_is_served_without_loading_the_assessment_objects(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _submitted(db_session)
    auth.login(world.user_a.email)
    fresh(app, client, "/")  # reads the login's messages: a page with messages is not kept
    first = opened(app, client, _url(assessment))
    with _statements(app) as seen:
        again = fresh(app, client, _url(assessment))
    assert again.status_code == 200
    assert not [s for s in seen if "assessments.created_at" in s], seen  # no ORM load
    assert (
        again.get_data(as_text=True).split('name="csrf_token"')[0]
        == first.split('name="csrf_token"')[0]
    )


def test_a_lead_is_served_the_ordinary_way_and_sees_the_same_page(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _submitted(db_session)
    group = make_working_group()
    group.organisations.append(world.org_a)
    lead = make_user(world.org_b)
    make_group_role(lead, group, GroupRole.LEAD)
    db_session.commit()
    auth.login(lead.email)
    fresh(app, client, "/")
    with _statements(app) as seen:
        opened(app, client, _url(assessment))
    # Both requests loaded the assessment as objects (the facts leave leads to the ORM).
    assert len([s for s in seen if "assessments.created_at" in s]) == 2


def test_pages_the_facts_do_not_serve_are_answered_as_before(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _submitted(db_session)
    theirs = start(world, world.org_b)
    db_session.commit()
    auth.login(world.user_a.email)
    fresh(app, client, "/")
    opened(app, client, _url(assessment))
    assert fresh(app, client, f"/assessments/{assessment.id}/sections/NOPE").status_code == 404
    assert fresh(app, client, _url(theirs)).status_code == 403
    assert fresh(app, client, "/assessments/999999/sections/C1").status_code == 404


_ACTIONS = [
    Action.ASSESSMENT_VIEW,
    Action.ASSESSMENT_EDIT,
    Action.ASSESSMENT_SUBMIT,
    Action.ASSESSMENT_RETURN,
    Action.RESULT_VIEW,
    Action.EVIDENCE_VIEW,
    Action.EVIDENCE_UPLOAD,
    Action.ORG_VIEW,
    Action.ASSESSMENT_START,
]


@pytest.mark.parametrize("status", list(AssessmentStatus))
@pytest.mark.parametrize("cycle_status", list(CycleStatus))
def test_the_facts_give_every_rule_and_name_the_objects_answer(
    app: Flask, db_session: Session, status: AssessmentStatus, cycle_status: CycleStatus
) -> None:
    world = make_world()
    assessment = start(world)
    assessment.status = status
    assessment.return_round = 2
    world.cycle.status = cycle_status
    world.org_a.name_en = None if status is AssessmentStatus.DRAFT else "Org A Ltd."
    admin = make_user(world.org_a, OrgRole.ADMIN)
    db_session.commit()
    with app.test_request_context("/"):
        facts = assessment_facts(assessment.id)
        assert facts is not None
        for lang in ("zh", "en"):
            assert facts.organisation.display_name(lang) == assessment.organisation.display_name(
                lang
            )
        assert (facts.id, facts.organisation_id, facts.status, facts.return_round) == (
            assessment.id,
            assessment.organisation_id,
            assessment.status,
            assessment.return_round,
        )
        assert facts.is_editable == assessment.is_editable
        assert facts.cycle.year == assessment.cycle.year
        assert facts.cycle.is_open == assessment.cycle.is_open
        pins = (assessment.rubric_id, assessment.rubric_version, assessment.rubric_sha256)
        assert (facts.rubric_id, facts.rubric_version, facts.rubric_sha256) == pins
        # The users the facts serve: members and the secretariat (leads go the ORM way).
        for user in (world.user_a, admin, world.secretariat):
            for action in _ACTIONS:
                assert can(user, action, facts) == can(user, action, assessment), (user, action)


def test_a_missing_assessment_has_no_facts(app: Flask, db_session: Session) -> None:
    with app.test_request_context("/"):
        assert assessment_facts(999_999) is None


def test_the_lock_notice_is_read_with_the_facts_and_follows_changes(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(n=3)
    assessment, submitter = world.assessments[0], world.members[0]
    review = assign_reviewers(assessment, ReviewKind.DESK, [world.reviewers[1]], world.lead)
    colleague = make_user(world.companies[0], name="同事")
    db_session.commit()
    url, review_id, submitter_id = _url(assessment), review.id, submitter.id
    auth.login(colleague.email)
    fresh(app, client, "/")
    opened(app, client, url)
    with _statements(app) as seen:
        page = fresh(app, client, url).get_data(as_text=True)
    assert f"由{submitter.name} 提交。" in page
    assert "本自评正在同行评审中。" in page
    # No statement of its own for the submitter's name or the review: only the loader's user.
    assert len([s for s in seen if s.lstrip().startswith("SELECT users.")]) == 1, seen
    assert not [s for s in seen if s.lstrip().startswith("SELECT reviews.")], seen

    db_session.execute(update(User).where(User.id == submitter_id).values(name="改名"))
    db_session.execute(
        update(Review).where(Review.id == review_id).values(status=ReviewStatus.FINAL)
    )
    db_session.commit()
    page = fresh(app, client, url).get_data(as_text=True)
    assert "由改名提交。" in page
    assert "本自评正在同行评审中。" not in page
