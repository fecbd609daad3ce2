"""Two people change one review outcome at the same moment, in two real sessions.

Each attempt runs in its own thread, app context and session on a database of its own
(tests/integration/conftest.py). On PostgreSQL both attempts read the rows first (a
barrier waits for both), so the status each read is stale for one of them and only the
row lock of rcapp.row_locks refuses the second change; on SQLite the first writer's
BEGIN IMMEDIATE makes the other wait until it commits. Either way exactly one change is
applied and audited, and the other attempt gets the service's refusal.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.accounts.models import User
from rcapp.audit.models import AuditEntry
from rcapp.db import ENGINE_KEY
from rcapp.errors import InvalidState
from rcapp.reviews import reviewing, settling
from rcapp.reviews.errors import ReviewFinalised
from rcapp.reviews.models import (
    ActionStatus,
    Appeal,
    AppealStatus,
    Finding,
    FindingKind,
    Review,
    ReviewStatus,
)
from tests.factories import make_secretariat, make_user
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise

# A work loads its rows in the thread's session and returns the change to make with them.
Work = Callable[[Session], Callable[[], object]]
WAIT_SECONDS = 30


def _attempt(
    app: Flask, start: threading.Barrier, read: threading.Barrier | None, work: Work
) -> Exception | None:
    with app.app_context():
        session = db.session()
        start.wait()
        try:
            change = work(session)
            if read is not None:
                read.wait()
            change()
            session.commit()
        except Exception as error:  # noqa: BLE001 - the test inspects what was raised
            session.rollback()
            return error
        return None


def _race(app: Flask, works: Sequence[Work], *, read_first: bool = True) -> list[Exception | None]:
    """Run the works at once, each in its own thread and session; return what each raised.

    `read_first` (PostgreSQL only) lets every work read its rows before any changes them;
    on SQLite the first reader holds the write lock, so the others could not read.
    """
    postgres = app.extensions[ENGINE_KEY].dialect.name == "postgresql"
    start = threading.Barrier(len(works), timeout=WAIT_SECONDS)
    read = threading.Barrier(len(works), timeout=WAIT_SECONDS) if read_first and postgres else None
    outcomes: list[Exception | None | str] = ["did not finish"] * len(works)

    def run(index: int, work: Work) -> None:
        outcomes[index] = _attempt(app, start, read, work)

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(works)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=2 * WAIT_SECONDS)
    assert "did not finish" not in outcomes
    return [o for o in outcomes if not isinstance(o, str)]


def _one_won(outcomes: list[Exception | None], refusal: type[Exception]) -> int:
    """Assert exactly one attempt succeeded and the other was refused; return the winner."""
    assert outcomes.count(None) == 1, outcomes
    (lost,) = [o for o in outcomes if o is not None]
    assert isinstance(lost, refusal), repr(lost)
    return outcomes.index(None)


def _audited(app: Flask, action: str) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).where(AuditEntry.action == action)) or 0


def _get(session: Session, model: type[Any], row_id: int) -> Any:
    found = session.get(model, row_id)
    assert found is not None
    return found


def _user(session: Session, user_id: int) -> User:
    return _get(session, User, user_id)  # type: ignore[no-any-return]


def _submitted_review(app: Flask, *, final: bool) -> dict[str, int]:
    """A review with a corrective action, all reviews submitted; finalised when `final`."""
    with app.app_context():
        world = make_review_world(5)
        review = assign_all(world)[0]
        first = review.assignments[0]
        action = reviewing.add_finding(
            first,
            FindingKind.CORRECTIVE_ACTION,
            "演练评估报告缺签字",
            "C1.E1.1",
            "王工",
            dt.date(2026, 6, 30),
            first.reviewer,
        )
        if final:
            submit_and_finalise(review, world.lead)
        else:
            for assignment in review.assignments:
                reviewing.accept_remaining(
                    assignment, list(review.sample), set(), assignment.reviewer
                )
                reviewing.submit_assignment(assignment, assignment.reviewer)
        ids = {
            "review": review.id,
            "action": action.id,
            "lead": world.lead.id,
            "deputy": make_user(None, name="副组长").id,
            "member": world.members[0].id,
            "colleague": make_user(world.companies[0], name="李同事").id,
            "secretariat": world.secretariat.id,
            "other_secretariat": make_secretariat(name="周秘书").id,
        }
        db.session().commit()
        return ids


def _finaliser(review_id: int, user_id: int) -> Work:
    def work(session: Session) -> Callable[[], object]:
        review, actor = _get(session, Review, review_id), _user(session, user_id)
        return lambda: settling.finalise_review(review, 30, actor)

    return work


def test_two_leads_finalising_at_once_rate_once(isolated_app: Flask) -> None:
    ids = _submitted_review(isolated_app, final=False)
    leads = [ids["lead"], ids["deputy"]]
    outcomes = _race(isolated_app, [_finaliser(ids["review"], lead) for lead in leads])
    winner = leads[_one_won(outcomes, ReviewFinalised)]
    with isolated_app.app_context():
        review = _get(db.session(), Review, ids["review"])
        assert review.status is ReviewStatus.FINAL
        assert review.finalised_by_id == winner
    assert _audited(isolated_app, "review.finalise") == 1


def test_settling_while_the_lead_finalises_is_refused(
    isolated_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _submitted_review(isolated_app, final=False)
    finalising = threading.Event()
    scorecard = settling.final_scorecard

    def final_scorecard_slowly(review: Review, *found: Any) -> Any:
        # Called once finalise holds its locks: let the settle start now, and finish later.
        finalising.set()
        time.sleep(0.3)
        return scorecard(review, *found)

    monkeypatch.setattr(settling, "final_scorecard", final_scorecard_slowly)

    def settle(session: Session) -> Callable[[], object]:
        assert finalising.wait(WAIT_SECONDS)
        review, deputy = _get(session, Review, ids["review"]), _user(session, ids["deputy"])
        item = review.sample[0]
        return lambda: settling.settle_item(review, item, 2, "现场核实", deputy)

    outcomes = _race(
        isolated_app, [_finaliser(ids["review"], ids["lead"]), settle], read_first=False
    )
    assert _one_won(outcomes, ReviewFinalised) == 0
    with isolated_app.app_context():
        review = _get(db.session(), Review, ids["review"])
        assert review.is_final
        assert review.settlements == []
    assert _audited(isolated_app, "review.settle") == 0
    assert _audited(isolated_app, "review.finalise") == 1


def test_closing_one_action_twice_at_once_keeps_one_evidence(isolated_app: Flask) -> None:
    ids = _submitted_review(isolated_app, final=True)
    tries = [(ids["member"], "补签 PJ-07"), (ids["colleague"], "演练报告已签字")]

    def closer(user_id: int, evidence: str) -> Work:
        def work(session: Session) -> Callable[[], object]:
            action, actor = _get(session, Finding, ids["action"]), _user(session, user_id)
            return lambda: settling.close_action(action, evidence, actor)

        return work

    outcomes = _race(isolated_app, [closer(*t) for t in tries])
    by, evidence = tries[_one_won(outcomes, InvalidState)]
    with isolated_app.app_context():
        action = _get(db.session(), Finding, ids["action"])
        assert action.action_status is ActionStatus.CLOSED
        assert (action.closed_by_id, action.closing_evidence) == (by, evidence)
    assert _audited(isolated_app, "action.close") == 1


def test_accepting_and_sending_back_one_action_at_once_does_one(isolated_app: Flask) -> None:
    ids = _submitted_review(isolated_app, final=True)
    with isolated_app.app_context():
        session = db.session()
        action, member = _get(session, Finding, ids["action"]), _user(session, ids["member"])
        settling.close_action(action, "补签 PJ-07", member)
        session.commit()

    def judge(user_id: int, accept: bool) -> Work:
        def work(session: Session) -> Callable[[], object]:
            action, actor = _get(session, Finding, ids["action"]), _user(session, user_id)
            return lambda: settling.accept_action(action, accept, actor, "缺公章")

        return work

    outcomes = _race(isolated_app, [judge(ids["lead"], True), judge(ids["deputy"], False)])
    accepted = _one_won(outcomes, InvalidState) == 0
    with isolated_app.app_context():
        action = _get(db.session(), Finding, ids["action"])
        if accepted:
            assert action.action_status is ActionStatus.ACCEPTED
            assert (action.accepted_by_id, action.reopen_reason) == (ids["lead"], None)
        else:
            assert action.action_status is ActionStatus.OPEN
            assert (action.accepted_by_id, action.reopen_reason) == (None, "缺公章")
    assert _audited(isolated_app, "action.accept") + _audited(isolated_app, "action.reopen") == 1


def test_upholding_and_dismissing_one_appeal_at_once_decides_once(isolated_app: Flask) -> None:
    ids = _submitted_review(isolated_app, final=True)
    with isolated_app.app_context():
        session = db.session()
        review, member = _get(session, Review, ids["review"]), _user(session, ids["member"])
        appeal_id = settling.file_appeal(review, "等级有误", review.appeal_until, member).id
        session.commit()
    tries = [(ids["secretariat"], True, "应当支持"), (ids["other_secretariat"], False, "证据不足")]

    def decider(user_id: int, uphold: bool, reason: str) -> Work:
        def work(session: Session) -> Callable[[], object]:
            appeal, actor = _get(session, Appeal, appeal_id), _user(session, user_id)
            return lambda: settling.decide_appeal(appeal, uphold, reason, actor)

        return work

    outcomes = _race(isolated_app, [decider(*t) for t in tries])
    by, upheld, reason = tries[_one_won(outcomes, InvalidState)]
    with isolated_app.app_context():
        appeal = _get(db.session(), Appeal, appeal_id)
        status = AppealStatus.UPHELD if upheld else AppealStatus.DISMISSED
        assert (appeal.status, appeal.decided_by_id, appeal.decision_reason) == (status, by, reason)
        assert appeal.review.is_final is not upheld
    assert _audited(isolated_app, "appeal.decide") == 1
    assert _audited(isolated_app, "review.reopen") == (1 if upheld else 0)
