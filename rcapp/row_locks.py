"""Atomic state changes: lock a row only while its stored status is still the expected one.

A status read earlier in the request is not enough when two requests run at once (two
colleagues, a double click, a retry): both read "draft" or "open", both write, and the
change is made twice or half. `locked_in_state` reads the status again with
``SELECT ... WHERE id = ? AND <status> IN (...) FOR UPDATE``: on PostgreSQL it waits for a
concurrent writer, re-checks the stored status and holds the row lock to commit; SQLite has
no row locks, but a writing request holds the database write lock from its first statement
(rcapp.db, BEGIN IMMEDIATE).

A rule over many rows (no two organisations of one name) has no row to lock: `serialised`
takes a PostgreSQL advisory lock named for the rule until the transaction ends, so the
transactions that check and write it run one after the other; on SQLite the write lock does.

A SELECT rather than a no-op UPDATE: it writes nothing, so a refused request or a save that
changes nothing leaves `updated_at` columns (their onupdate) as they were. Services that do
change something say so themselves (e.g. rcapp.assessments.changes.touch).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from enum import Enum

from sqlalchemy import select, text

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


def serialised(rule: str) -> None:
    """Make this transaction and every other that takes `rule` run one after the other.

    PostgreSQL: a transaction-level advisory lock (pg_advisory_xact_lock), held until commit
    or rollback; a statement after it sees what the previous holder committed (READ
    COMMITTED). SQLite: nothing to do, a writing transaction holds the database write lock
    from its first statement (rcapp.db, BEGIN IMMEDIATE).
    """
    session = db.session()
    if session.get_bind().dialect.name != "postgresql":
        return
    key = zlib.crc32(rule.encode("utf-8"))  # stable across processes, unlike hash()
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def lock_row(row: Base) -> bool:
    """Lock `row` for this transaction and read it again as now stored; False: it is gone.

    PostgreSQL: ``SELECT ... FOR UPDATE`` waits for a concurrent writer of the row to commit,
    so a save that compares the version it showed sees the colleague's save and merges with
    it (and a delete finds the row deleted meanwhile), as on SQLite, where the writing
    transaction already holds the database write lock.
    """
    model = type(row)
    session = db.session()
    found = session.execute(
        select(model.id)  # type: ignore[attr-defined]
        .where(model.id == row.id)  # type: ignore[attr-defined]
        .with_for_update()
    ).first()
    if found is None:
        return False
    session.refresh(row)
    return True
