"""Inserts that two requests may race for: the loser is told "already there", not a 500.

A service checks "does it exist yet?" before it inserts; two requests at the same moment
both pass the check and the database's unique constraint refuses the second insert. Run
that insert through `claim`: it happens in a SAVEPOINT, so only the insert is undone (the
rest of the request's transaction stays usable, on PostgreSQL too), and `AlreadyStored`
is raised for the caller to answer as its own check would have. Any other integrity
error (a foreign key, another unique constraint) is raised as it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

from sqlalchemy import Index, Table, UniqueConstraint
from sqlalchemy.exc import IntegrityError

from rcapp import db

_PG_UNIQUE_VIOLATION = "23505"
_SQLITE_PREFIX = "UNIQUE constraint failed: "


class AlreadyStored(Exception):
    """Another transaction stored the same unique row first; ours was not written."""


@contextmanager
def claim(model: type[db.Base], *columns: str) -> Iterator[None]:
    """Add and flush the block's rows in a SAVEPOINT; AlreadyStored if `columns` collide.

    `columns` name one of `model`'s unique constraints or unique (partial) indexes.
    """
    constraint = _constraint(model, columns)
    session = db.session()
    try:
        with session.begin_nested():
            yield
            session.flush()
    except IntegrityError as exc:
        if not _violates(exc, constraint):
            raise
        raise AlreadyStored(str(constraint.name)) from exc


Unique = UniqueConstraint | Index


def _constraint(model: type[db.Base], columns: tuple[str, ...]) -> Unique:
    table = cast(Table, model.__table__)
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint) and _names(constraint) == set(columns):
            return constraint
    for index in table.indexes:
        if index.unique and _names(index) == set(columns):
            return index
    raise LookupError(f"{model.__name__} has no unique constraint on {columns}")


def _violates(exc: IntegrityError, constraint: Unique) -> bool:
    """Tell whether the database refused the row for this very constraint."""
    diag = getattr(exc.orig, "diag", None)
    if diag is not None:  # psycopg names the constraint
        return bool(
            getattr(exc.orig, "sqlstate", None) == _PG_UNIQUE_VIOLATION
            and diag.constraint_name == constraint.name
        )
    message = str(exc.orig)
    if not message.startswith(_SQLITE_PREFIX):  # SQLite names the table's columns
        return False
    table = cast(Table, constraint.table).name
    named = {part.strip() for part in message.removeprefix(_SQLITE_PREFIX).split(",")}
    return named == {f"{table}.{column}" for column in _names(constraint)}


def _names(constraint: Unique) -> set[str]:
    return {column.name for column in constraint.columns}
