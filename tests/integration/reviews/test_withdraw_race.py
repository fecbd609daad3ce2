"""Two leads withdraw the same reviewer at the same instant (concfix3 item 3).

Each posts the confirmation in a thread of its own, both having loaded the assignment before
either deletes it. Without the row lock (rcapp.row_locks.lock_row) the second, on
PostgreSQL, deleted nothing yet audited and mailed the withdrawal a second time (and now the
company's "changed" notice too); now it is
told who withdrew the reviewer, and nothing else changes. On SQLite the write lock already
makes the second find the assignment gone.
"""

from __future__ import annotations

import html

import pytest
from flask import Flask
from sqlalchemy import func, select

from rcapp import db
from rcapp.accounts.models import GroupRole
from rcapp.audit.models import AuditEntry
from rcapp.mail.models import OutboxMessage
from rcapp.reviews import services as review_services
from rcapp.reviews import views as review_views
from rcapp.reviews.models import ReviewKind
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user
from tests.factories_reviews import make_review_world, reviewers_of
from tests.two_sides import meet_after, run_both


def _setup(app: Flask) -> tuple[int, list[str]]:
    app.config["WTF_CSRF_ENABLED"] = False
    with app.test_request_context(method="POST"):
        world = make_review_world(3)
        review = review_services.assign_reviewers(
            world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0), world.lead
        )
        other = make_user(make_organisation(), name="周建国")
        make_group_role(other, world.group, GroupRole.LEAD)
        db.session().commit()
        return review.assignments[0].id, [world.lead.email, other.email]


def test_two_leads_withdrawing_at_once_withdraw_once(
    isolated_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    assignment_id, emails = _setup(isolated_app)
    clients = [isolated_app.test_client(), isolated_app.test_client()]
    for client, email in zip(clients, emails, strict=True):
        AuthActions(client).login(email)
    meet_after(monkeypatch, review_views, "load")  # both load before either deletes
    url = f"/reviews/assignments/{assignment_id}/withdraw"
    answers = run_both(lambda side: clients[side].post(url, data={"confirmed": "1"}))

    assert [a.status_code for a in answers] == [302, 302]
    withdrawn = select(func.count()).where(AuditEntry.action == "review.withdraw")
    with isolated_app.app_context():
        assert db.session().scalar(withdrawn) == 1
    # mailed once: the withdrawn reviewer and the company's users (its "changed" notice),
    # each one message, not one per lead
    with isolated_app.app_context():
        kinds = db.session().execute(select(OutboxMessage.kind, OutboxMessage.to_address)).all()
    assert len(kinds) == len(set(kinds)) >= 2, kinds
    told = [
        html.unescape(client.get(a.location).get_data(as_text=True))
        for client, a in zip(clients, answers, strict=True)
    ]
    assert sum("无需再次撤回" in page for page in told) == 1
