"""Two people act on one review outcome at the same moment: the second is told, never applied.

The existing pages already refuse a click on something handled before the page's request
started. Here the colleague's change is committed after the request read the row and
before it writes (as a concurrent request on PostgreSQL would): the status read at the
start is then stale, and only the row lock in the service (rcapp.row_locks) stops a
second finalise, a second decision on an appeal, or a corrective action closed or
accepted twice.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Connection, Update, update
from sqlalchemy.orm import Session

from rcapp.db import utcnow
from rcapp.reviews import outcome_views, settling
from rcapp.reviews import views as review_views
from rcapp.reviews.models import (
    ActionStatus,
    Appeal,
    AppealStatus,
    Finding,
    Review,
    ReviewStatus,
)
from tests.conftest import AuthActions
from tests.factories import make_secretariat, make_user
from tests.factories_reviews import (
    ReviewWorld,
    make_review_world,
    submit_all,
    submit_and_finalise,
    with_finding,
)


def _colleague_meanwhile(
    monkeypatch: pytest.MonkeyPatch, connection: Connection, owner: Any, name: str, change: Update
) -> None:
    """Let the view load its row first, then commit the colleague's `change`, once."""
    original = getattr(owner, name)
    done = False

    def raced(*args: Any, **kwargs: Any) -> Any:
        nonlocal done
        found = original(*args, **kwargs)
        if not done:
            done = True
            with Session(bind=connection, join_transaction_mode="create_savepoint") as other:
                other.execute(change)
                other.commit()
        return found

    monkeypatch.setattr(owner, name, raced)


def _with_action(world: ReviewWorld) -> tuple[Review, Finding]:
    return with_finding(world, text="演练评估报告缺签字", due=dt.date(2026, 6, 30))


def _page(response: Any) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_finalising_while_a_colleague_finalises_is_not_done_twice(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    connection: Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = make_review_world(5)
    review, _action = _with_action(world)
    submit_all(review)
    deputy = make_user(None, name="副组长")
    db_session.commit()
    _colleague_meanwhile(
        monkeypatch,
        connection,
        review_views,
        "load",
        update(Review)
        .where(Review.id == review.id)
        .values(
            status=ReviewStatus.FINAL,
            finalised_by_id=deputy.id,
            finalised_at=utcnow(),
            final_stars=3,
            final_score=60,
            appeal_until=dt.date(2026, 12, 31),
        ),
    )
    auth.login(world.lead.email)
    response = client.post(f"/reviews/{review.id}/finalise", follow_redirects=True)
    assert "该评审已定级，无需重复操作。" in _page(response)
    db_session.expire_all()
    # Not rated a second time. (The refusal's rollback also takes back the colleague's
    # change here: the test's connection holds both in one transaction.)
    assert review.finalised_by_id != world.lead.id


def test_settling_while_a_colleague_finalises_keeps_the_reason_and_stores_nothing(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    connection: Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = make_review_world(5)
    review, _action = _with_action(world)
    item = next(iter(review.sample))
    submit_all(review)
    db_session.commit()
    _colleague_meanwhile(
        monkeypatch,
        connection,
        review_views,
        "load",
        update(Review).where(Review.id == review.id).values(status=ReviewStatus.FINAL),
    )
    auth.login(world.lead.email)
    client.get("/lang/en")
    response = client.post(
        f"/reviews/{review.id}/items/{item}/settle",
        data={f"s-{item}-level": "2", f"s-{item}-reason": "Checked on site"},
    )
    assert response.status_code == 409
    assert "Checked on site" in _page(response)  # quoted: no form is shown any more
    db_session.expire_all()
    assert review.settlements == []


def test_closing_an_action_a_colleague_is_closing_keeps_the_evidence(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    connection: Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = make_review_world(5)
    review, action = _with_action(world)
    submit_and_finalise(review, world.lead)
    colleague = make_user(world.companies[0], name="李同事")
    db_session.commit()
    _colleague_meanwhile(
        monkeypatch,
        connection,
        outcome_views,
        "get_or_404",
        update(Finding)
        .where(Finding.id == action.id)
        .values(
            action_status=ActionStatus.CLOSED,
            closing_evidence="补签 PJ-07",
            closed_by_id=colleague.id,
            closed_at=utcnow(),
        ),
    )
    auth.login(world.members[0].email)
    client.get("/lang/en")
    response = client.post(
        f"/reviews/findings/{action.id}/close", data={f"c-{action.id}-evidence": "My evidence"}
    )
    assert response.status_code == 409
    page = _page(response)
    assert "李同事 (Li Tongshi) has already dealt with this corrective action" in page
    assert "The evidence you typed was not saved: My evidence" in page
    db_session.expire_all()
    assert action.closing_evidence == "补签 PJ-07"
    assert action.closed_by_id == colleague.id


def test_sending_back_an_action_a_colleague_accepted_meanwhile_is_not_done(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    connection: Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = make_review_world(5)
    review, action = _with_action(world)
    submit_and_finalise(review, world.lead)
    settling.close_action(action, "补签 PJ-07", world.members[0])
    deputy = make_user(None, name="周副组长")
    db_session.commit()
    _colleague_meanwhile(
        monkeypatch,
        connection,
        outcome_views,
        "get_or_404",
        update(Finding)
        .where(Finding.id == action.id)
        .values(
            action_status=ActionStatus.ACCEPTED, accepted_by_id=deputy.id, accepted_at=utcnow()
        ),
    )
    auth.login(world.lead.email)
    response = client.post(
        f"/reviews/findings/{action.id}/accept/0",
        data={f"r-{action.id}-reason": "缺公章"},
        follow_redirects=True,
    )
    page = _page(response)
    assert "该整改项已由周副组长处理" in page
    assert "您填写的退回理由未保存：缺公章" in page
    db_session.expire_all()
    assert action.action_status is ActionStatus.ACCEPTED
    assert action.reopen_reason is None


def test_deciding_an_appeal_a_colleague_is_deciding_keeps_the_reason(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    connection: Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = make_review_world(5)
    review, _action = _with_action(world)
    submit_and_finalise(review, world.lead)
    assert review.appeal_until is not None
    appeal = settling.file_appeal(review, "等级有误", review.appeal_until, world.members[0])
    other = make_secretariat(name="周秘书")
    db_session.commit()
    _colleague_meanwhile(
        monkeypatch,
        connection,
        outcome_views,
        "get_or_404",
        update(Appeal)
        .where(Appeal.id == appeal.id)
        .values(
            status=AppealStatus.DISMISSED,
            decision_reason="证据不足",
            decided_by_id=other.id,
            decided_at=utcnow(),
        ),
    )
    auth.login(world.secretariat.email)
    response = client.post(
        f"/reviews/appeals/{appeal.id}/decide",
        data={f"a-{appeal.id}-outcome": "uphold", f"a-{appeal.id}-reason": "应当支持"},
    )
    assert response.status_code == 409
    page = _page(response)
    assert "该申诉已由周秘书决定：申诉驳回。您的决定未保存。" in page
    assert "您填写的理由：应当支持" in page
    db_session.expire_all()
    assert appeal.status is AppealStatus.DISMISSED
    assert review.status is ReviewStatus.FINAL  # not reopened by the second decision
