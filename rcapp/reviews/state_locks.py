"""Atomic state changes of a review's outcome: finalise, settle, close/accept, decide.

A status read earlier in the request is not enough when two requests run at once (two
leads, two secretariat members, a double click on PostgreSQL): both read "open", both
write, and the decision is taken twice or half. `lock_without_touch_in_state` reads the
status again with ``SELECT ... WHERE id = ? AND <status> IN (...) FOR UPDATE``: on PostgreSQL
it waits for a concurrent writer, re-checks the stored status and holds the row lock to
commit; SQLite has no row locks, but a writing request holds the database write lock from
its first statement (rcapp.db, BEGIN IMMEDIATE).

A SELECT, not the no-op UPDATE of rcapp.assessments.changes.lock_and_touch_in_state: that
one moves the assessment's `updated_at` (its onupdate) whenever it locks, this one writes
nothing, so a refused or unchanged request leaves `updated_at` columns as they were.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from sqlalchemy import select

from rcapp import db
from rcapp.db import Base


def lock_without_touch_in_state(row: Base, status: str, states: Iterable[Enum]) -> bool:
    """Lock `row` if its stored `status` column is one of `states`; False when it is not.

    Everything read afterwards in this transaction is current, so cached rows are expired.
    The assessments' counterpart, which also touches the row: changes.lock_and_touch_in_state.
    """
    model = type(row)
    column = getattr(model, status)
    session = db.session()
    session.flush()
    found = session.execute(
        select(model.id)  # type: ignore[attr-defined]
        .where(model.id == row.id, column.in_(list(states)))  # type: ignore[attr-defined]
        .with_for_update()
    ).first()
    session.expire_all()
    return found is not None
