"""Closing a year while the lead finalises a review of it, in two threads and two sessions.

The invariant (rcapp.reviews.year_lock): either the final rating landed before the close
froze the year, and the frozen result is that rating, or finalising was refused because
the year is closed. Never a rating written after the freeze, which the published result
would not show.

Each side runs in its own thread, app context and session on a schema of its own
(tests/integration/conftest.py `isolated_app`); the close is the web's: the close asked
for and committed, then the freezing task the worker runs (cycles.tasks). Events order
the two sides, and each holds its transaction open a while, so the other side meets it
at the point that matters:

- finalise first: it holds the year's share lock; the close must wait for its commit,
  and then freezes the final rating;
- close first: it holds the year's row; finalising waits for it, then finds the year
  closed and is refused.

PostgreSQL only: SQLite has no row locks, and its database write lock (BEGIN IMMEDIATE,
rcapp.db) makes one whole transaction wait for the other, so the year's lock would not be
what the test exercises.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from flask import Flask
from sqlalchemy import func, select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.models import SnapshotKind
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.snapshots import find_snapshot
from rcapp.audit.models import AuditEntry
from rcapp.cycles import services as cycle_services
from rcapp.cycles import tasks
from rcapp.cycles.models import ReportingCycle
from rcapp.reviews import reviewing, settling
from rcapp.reviews.errors import YearClosed
from rcapp.reviews.messages import refusal_text
from rcapp.reviews.models import Decision, Review, ReviewStatus
from tests.factories_reviews import assign_all, make_review_world

pytestmark = pytest.mark.skipif(
    not os.environ.get("RCAPP_TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="needs PostgreSQL (RCAPP_TEST_DATABASE_URL): SQLite has no row locks and runs "
    "one writing transaction after the other, so the year's share lock is not tested there",
)

WAIT_SECONDS = 30
HOLD_SECONDS = 2.0  # how long one side keeps its transaction open for the other to meet it


@dataclass
class Ids:
    cycle: int
    review: int
    lead: int
    secretariat: int


@dataclass
class Outcomes:
    finalise: BaseException | None | str = "did not finish"
    close: BaseException | None | str = "did not finish"
    events: dict[str, threading.Event] = field(
        default_factory=lambda: {
            name: threading.Event() for name in ("finalised", "asked", "trying", "closed")
        }
    )


def _ready_to_finalise(app: Flask) -> Ids:
    """Return a review ready to finalise, with one item lowered to 0 and settled.

    The final rating then differs from the self-assessed one, so the frozen result tells
    which of the two it was made from.
    """
    with app.app_context():
        world = make_review_world(5)
        review = assign_all(world)[0]
        item = rubric_of(review.assessment).item_index()[review.sample[0]]
        for assignment in review.assignments:
            reviewer = assignment.reviewer
            reviewing.save_decision(
                assignment, item, False, Decision.ADJUST, 0, "无演练记录", reviewer
            )
            reviewing.accept_remaining(assignment, list(review.sample), set(), reviewer)
            reviewing.submit_assignment(assignment, reviewer)
        settling.settle_item(review, item.id, 0, "现场核实", world.lead)  # flagged: settle it
        ids = Ids(world.cycle.id, review.id, world.lead.id, world.secretariat.id)
        db.session().commit()
        return ids


def _finalise(app: Flask, ids: Ids, out: Outcomes, *, close_first: bool) -> None:
    with app.app_context():
        session = db.session()
        try:
            review, lead = session.get_one(Review, ids.review), session.get_one(User, ids.lead)
            if close_first:
                assert out.events["asked"].wait(WAIT_SECONDS)
                out.events["trying"].set()
            settling.finalise_review(review, 30, lead)
            out.events["finalised"].set()
            if not close_first:
                # Hold the transaction: a close that does not wait for it finishes meanwhile.
                out.events["closed"].wait(HOLD_SECONDS)
            session.commit()
        except Exception as error:  # noqa: BLE001 - the test inspects what was raised
            session.rollback()
            out.finalise = error
        else:
            out.finalise = None
        finally:
            out.events["finalised"].set()  # never leave the close waiting for a failure


def _close(app: Flask, ids: Ids, out: Outcomes, *, close_first: bool) -> None:
    """Close as the web does: ask (commit), then the worker's freezing task."""
    with app.app_context():
        session = db.session()
        try:
            if not close_first:
                assert out.events["finalised"].wait(WAIT_SECONDS)
            cycle = session.get_one(ReportingCycle, ids.cycle)
            secretariat = session.get_one(User, ids.secretariat)
            cycle_services.start_closing(cycle, secretariat)
            out.events["asked"].set()
            if close_first:
                # Hold the year's row while finalising reaches for the year's lock.
                assert out.events["trying"].wait(WAIT_SECONDS)
                out.events["finalised"].wait(HOLD_SECONDS)
            session.commit()
            tasks.close_in_background(ids.cycle, ids.secretariat)
        except Exception as error:  # noqa: BLE001 - the test inspects what was raised
            session.rollback()
            out.close = error
        else:
            out.close = None
        finally:
            out.events["asked"].set()
            out.events["closed"].set()


def _race(app: Flask, ids: Ids, *, close_first: bool) -> Outcomes:
    out = Outcomes()
    sides: list[Callable[..., None]] = [_finalise, _close]
    threads = [
        threading.Thread(target=side, args=(app, ids, out), kwargs={"close_first": close_first})
        for side in sides
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=2 * WAIT_SECONDS)
    assert out.close is None, repr(out.close)
    assert out.finalise != "did not finish"
    return out


def _assert_frozen_with_or_refused(app: Flask, ids: Ids, out: Outcomes) -> None:
    """The invariant: landed before the freeze and frozen with it, or refused as closed."""
    with app.app_context():
        session = db.session()
        review = session.get_one(Review, ids.review)
        assert review.assessment.cycle.is_closed
        frozen = find_snapshot(review.assessment, SnapshotKind.FROZEN)
        final = find_snapshot(review.assessment, SnapshotKind.FINAL)
        own = find_snapshot(review.assessment, SnapshotKind.SELF)
        assert frozen is not None
        assert own is not None
        if out.finalise is None:
            assert review.status is ReviewStatus.FINAL
            assert final is not None
            assert final.overall_score != own.overall_score  # the two results differ
            # The published result is the final rating, not the self-assessed one.
            assert (frozen.scorecard, frozen.overall_score, frozen.stars) == (
                final.scorecard,
                final.overall_score,
                final.stars,
            )
            finalised = select(func.count()).where(AuditEntry.action == "review.finalise")
            assert session.scalar(finalised) == 1
        else:
            assert isinstance(out.finalise, YearClosed), repr(out.finalise)
            assert review.status is ReviewStatus.IN_REVIEW
            assert final is None
            assert frozen.overall_score == own.overall_score
            with app.test_request_context():
                text = refusal_text(out.finalise)
            assert f"{review.assessment.cycle.year} 年度已关闭" in text


def test_a_finalise_under_way_is_frozen_with_the_year(isolated_app: Flask) -> None:
    ids = _ready_to_finalise(isolated_app)
    out = _race(isolated_app, ids, close_first=False)
    assert out.finalise is None, repr(out.finalise)  # it held the lock first: it lands
    _assert_frozen_with_or_refused(isolated_app, ids, out)


def test_a_finalise_after_the_close_was_asked_for_is_refused(isolated_app: Flask) -> None:
    ids = _ready_to_finalise(isolated_app)
    out = _race(isolated_app, ids, close_first=True)
    assert isinstance(out.finalise, YearClosed), repr(out.finalise)
    _assert_frozen_with_or_refused(isolated_app, ids, out)
