"""Atomic state changes: lock a row only while its stored status is still the expected one.

A status read earlier in the request is not enough when two requests run at once (two
colleagues, a double click, a retry): both read "draft" or "open", both write, and the
change is made twice or half. `locked_in_state` reads the status again with
``SELECT ... WHERE id = ? AND <status> IN (...) FOR UPDATE``: on PostgreSQL it waits for a
concurrent writer, re-checks the stored status and holds the row lock to commit; SQLite has
no row locks, but a writing request holds the database write lock from its first statement
(rcapp.db, BEGIN IMMEDIATE).

A SELECT rather than a no-op UPDATE: it writes nothing, so a refused request or a save that
changes nothing leaves `updated_at` columns (their onupdate) as they were. Services that do
change something say so themselves (e.g. rcapp.assessments.changes.touch).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from sqlalchemy import select

from rcapp import db
from rcapp.db import Base


def locked_in_state(
    row: Base, status: str, states: Iterable[Enum], *, shared: bool = False
) -> bool:
    """Lock `row` if its stored `status` column is one of `states`; False when it is not.

    `shared` takes a share lock (PostgreSQL FOR SHARE): many requests may hold it at once,
    and a change of the row's status waits for them all (e.g. work that needs the year
    open, against the year's close). Everything read afterwards in this transaction is
    current, so cached rows are expired.
    """
    model = type(row)
    column = getattr(model, status)
    session = db.session()
    session.flush()
    found = session.execute(
        select(model.id)  # type: ignore[attr-defined]
        .where(model.id == row.id, column.in_(list(states)))  # type: ignore[attr-defined]
        .with_for_update(read=shared)
    ).first()
    session.expire_all()
    return found is not None
