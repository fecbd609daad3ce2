"""Two working groups' leads assign reviewers to one member at the very same instant (qa41 D10).

Each lead runs in a thread with its own session on a database of its own. On PostgreSQL both
read "no review yet" (a barrier waits for both), both insert one, and the unique index makes
the second wait and fail (AlreadyStored); its retry finds the review. On SQLite the first
writer's BEGIN IMMEDIATE makes the second wait, which then finds the review at once. Either
way the second lead's reviewers must not be added to the first group's review.
"""

from __future__ import annotations

import threading

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.accounts.models import GroupRole, User
from rcapp.assessments.models import Assessment
from rcapp.audit.models import AuditEntry
from rcapp.db import ENGINE_KEY
from rcapp.reviews import queries
from rcapp.reviews import services as review_services
from rcapp.reviews.errors import ReviewTaken
from rcapp.reviews.models import Review, ReviewKind
from tests.factories import make_group_role, make_organisation, make_user, make_working_group
from tests.factories_reviews import make_review_world

WAIT_SECONDS = 30


def _two_groups(app: Flask) -> dict[str, object]:
    """A company in two groups, each with its lead and two reviewers from other companies."""
    with app.app_context():
        world = make_review_world(5)
        second = make_working_group(name_zh="储运安全工作组", name_en="Storage group")
        second.organisations.append(world.companies[0])
        second_lead = make_user(make_organisation(), name="储运组长")
        make_group_role(second_lead, second, GroupRole.LEAD)
        ids: dict[str, object] = {
            "assessment": world.assessments[0].id,
            "leads": [(world.lead.id, world.group.id), (second_lead.id, second.id)],
            "chosen": [
                [world.reviewers[1].id, world.reviewers[2].id],
                [world.reviewers[3].id, world.reviewers[4].id],
            ],
        }
        db.session().commit()
        return ids


def _attempt(
    app: Flask,
    barriers: tuple[threading.Barrier, threading.Barrier | None],
    assessment_id: int,
    lead: tuple[int, int],
    chosen: list[int],
) -> Exception | None:
    start, read = barriers
    with app.app_context():
        session: Session = db.session()
        start.wait()
        try:
            assessment = session.get(Assessment, assessment_id)
            assert assessment is not None
            actor = session.get(User, lead[0])
            reviewers = list(session.scalars(select(User).where(User.id.in_(chosen))))
            assert actor is not None
            assert len(reviewers) == len(chosen)
            queries.find_review(assessment)  # both see no review yet (PostgreSQL)
            if read is not None:
                read.wait()
            review_services.assign_reviewers(
                assessment,
                ReviewKind.ONSITE,
                reviewers,
                actor,
                None,
                lead[1],
            )
            session.commit()
        except Exception as error:  # noqa: BLE001 - the test inspects what was raised
            session.rollback()
            return error
        return None


def test_the_second_group_assigning_at_the_same_instant_assigns_nothing(
    isolated_app: Flask,
) -> None:
    ids = _two_groups(isolated_app)
    assessment_id: int = ids["assessment"]  # type: ignore[assignment]
    postgres = isolated_app.extensions[ENGINE_KEY].dialect.name == "postgresql"
    start = threading.Barrier(2, timeout=WAIT_SECONDS)
    read = threading.Barrier(2, timeout=WAIT_SECONDS) if postgres else None
    leads: list[tuple[int, int]] = ids["leads"]  # type: ignore[assignment]
    chosen: list[list[int]] = ids["chosen"]  # type: ignore[assignment]
    outcomes: list[Exception | None | str] = ["did not finish", "did not finish"]

    def run(index: int) -> None:
        outcomes[index] = _attempt(
            isolated_app, (start, read), assessment_id, leads[index], chosen[index]
        )

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=2 * WAIT_SECONDS)
    assert "did not finish" not in outcomes
    assert outcomes.count(None) == 1, outcomes
    winner = outcomes.index(None)
    lost = outcomes[1 - winner]
    assert isinstance(lost, ReviewTaken), repr(lost)
    assert lost.group_id == leads[winner][1]
    with isolated_app.app_context():
        session = db.session()
        [review] = session.scalars(select(Review).where(Review.assessment_id == assessment_id))
        assert review.working_group_id == leads[winner][1]
        assert sorted(a.reviewer_id for a in review.assignments) == sorted(chosen[winner])
        assigned = select(func.count()).where(AuditEntry.action == "review.assign")
        assert session.scalar(assigned) == 2
