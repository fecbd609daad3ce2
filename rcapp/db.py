"""Database plumbing: declarative base, shared column types, engine and per-request session."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Annotated, Any, TypeVar

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import DateTime, Engine, Enum, MetaData, String, create_engine, event
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session, mapped_column, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Store UTC; always hand back timezone-aware datetimes (SQLite keeps no zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use datetime.now(UTC)")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)  # noqa: S101 - the column type guarantees it
        return value.replace(tzinfo=dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def str_enum(enum_cls: type[enum.StrEnum], name: str) -> Enum:
    """Store a StrEnum by value in a VARCHAR with a CHECK constraint (same on SQLite and PG)."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


intpk = Annotated[int, mapped_column(primary_key=True)]

# Table options of the tables whose rows people delete: SQLite would give the newest deleted
# row's id to the next row, so a colleague's stale delete or edit form (keyed by id) could hit
# a newer record (qa41 D1). AUTOINCREMENT never hands an id out again; PostgreSQL's sequences
# never do anyway. Migration ff232b4dc449 rebuilt these tables.
NEVER_REUSE_IDS: dict[str, Any] = {"sqlite_autoincrement": True}
str100 = Annotated[str, mapped_column(String(100))]
str200 = Annotated[str, mapped_column(String(200))]
utc_datetime = Annotated[dt.datetime, mapped_column(UTCDateTime())]
created_at = Annotated[dt.datetime, mapped_column(UTCDateTime(), default=utcnow)]

ENGINE_KEY = "rcapp.engine"
SESSIONMAKER_KEY = "rcapp.sessionmaker"


SQLITE_BUSY_TIMEOUT_MS = 30_000
# Requests that only read start a deferred transaction, so readers never queue behind writers.
_READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def make_engine(
    url: str, *, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS, guard_writes: bool = False
) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url)
        _configure_sqlite(engine, busy_timeout_ms, guard_writes=guard_writes)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _configure_sqlite(engine: Engine, busy_timeout_ms: int, *, guard_writes: bool) -> None:
    """Make the embedded database serve a team: WAL, a busy timeout, writers lock up front.

    pysqlite's own transaction handling breaks SAVEPOINT, so SQLAlchemy emits BEGIN itself
    (https://docs.sqlalchemy.org/en/20/dialects/sqlite.html#serializable-isolation-savepoints-transactional-ddl).
    A deferred transaction that reads and then writes cannot wait for the write lock (SQLite
    answers "database is locked" at once to avoid a deadlock), so every transaction that may
    write starts with BEGIN IMMEDIATE and waits up to the busy timeout for its turn instead.
    In WAL mode readers and the one writer do not block each other.

    With `guard_writes` (the browser tests' server) a write inside a deferred transaction is
    an error at once, not only when another writer happens to come first.
    """
    in_memory = engine.url.database in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        reads_only = _reads_only()
        connection.info[_DEFERRED_INFO] = reads_only
        connection.exec_driver_sql("BEGIN" if reads_only else "BEGIN IMMEDIATE")

    if guard_writes:

        @event.listens_for(engine, "before_cursor_execute")
        def _refuse_writes_in_deferred(
            connection: Any, _cursor: Any, statement: str, *_args: Any
        ) -> None:
            if connection.info.get(_DEFERRED_INFO) and _writes(statement):
                raise DeferredWriteError(statement)


# How SQLite transactions begin in a block: "deferred", "immediate", or None (the default:
# deferred in a GET request, immediate elsewhere).
_begin_mode: ContextVar[str | None] = ContextVar("rcapp_sqlite_begin", default=None)
_DEFERRED_INFO = "rcapp_deferred"
ViewT = TypeVar("ViewT")
_READS_FIRST = "rcapp_reads_first"  # on a view function: db.reads_first
_WRITE_VERBS = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE"})


class DeferredWriteError(RuntimeError):
    """A write in a transaction begun deferred (SQLite): it fails if another writer came first."""

    def __init__(self, statement: str) -> None:
        super().__init__(
            "write inside a deferred SQLite transaction (wrap it in db.write_transaction()): "
            + statement.strip()[:120]
        )


def _writes(statement: str) -> bool:
    words = statement.lstrip().split(None, 1)
    return bool(words) and words[0].upper() in _WRITE_VERBS


@contextmanager
def deferred_transactions() -> Iterator[None]:
    """Start SQLite transactions in this block deferred: for long work that only reads.

    Outside a GET request every transaction takes the write lock up front; a background task
    that reads for seconds (a report, an export) would make every writer wait meanwhile.
    Writing inside this block risks "database is locked" when another writer came first.
    """
    token = _begin_mode.set("deferred")
    try:
        yield
    finally:
        _begin_mode.reset(token)


@contextmanager
def immediate_transactions() -> Iterator[None]:
    """Start SQLite transactions in this block with the write lock, even inside a deferred one.

    For a short write made while long reading work goes on (a report job's progress), or by
    a page that otherwise only reads (GET): its BEGIN IMMEDIATE waits up to the busy timeout
    for the lock instead of failing at once. Transactions begun before the block are not
    changed: write in a session of its own (`separate_session`) or end the open one first.
    """
    token = _begin_mode.set("immediate")
    try:
        yield
    finally:
        _begin_mode.reset(token)


def reads_first(view: ViewT) -> ViewT:
    """Mark a view whose form post reads a while before it writes (below its route).

    A form post's transactions begin with BEGIN IMMEDIATE, the first at its first statement
    (the user's row, read before the view runs), so parsing the form, looking up the rubric
    and rendering the page again held the write lock every other save waits for (qa41 S4).
    A marked view's transactions begin deferred, as a GET's do, except inside `writes()`.
    """
    setattr(view, _READS_FIRST, True)
    return view


@contextmanager
def writes() -> Iterator[None]:
    """Write inside a `reads_first` view: the lock is taken here and given back at the end.

    The transaction open now (reads only) is ended first, so the block's own begins with
    BEGIN IMMEDIATE; it is ended at the end (what the block did not commit is committed), so
    what follows reads deferred again. What was read stays loaded (expire_on_commit=False):
    the block checks again, under the lock, what it relies on.
    """
    session().commit()
    with immediate_transactions():
        yield
        session().commit()


def is_locked(exc: BaseException) -> bool:
    """Tell whether a database error is SQLite's "database is locked" (busy timeout ran out)."""
    return "database is locked" in str(exc)


# PostgreSQL's codes of a transaction that lost a race for a lock (serialization failure,
# deadlock, lock timeout): the same work run again a little later may well pass.
_TRANSIENT_SQLSTATES = frozenset({"40001", "40P01", "55P03"})


def is_transient(exc: BaseException) -> bool:
    """Tell whether a database error is a lock lost to a concurrent writer (worth a retry)."""
    if is_locked(exc):
        return True
    return getattr(getattr(exc, "orig", None), "sqlstate", None) in _TRANSIENT_SQLSTATES


@contextmanager
def reading_apart() -> Iterator[None]:
    """Run long reading work in a deferred transaction of its own, rolled back at the end.

    A write after the block begins a fresh transaction (BEGIN IMMEDIATE) that waits its turn.
    Written inside the reading one instead, it fails at once with "database is locked" on
    SQLite whenever another writer committed since the reading began (its WAL snapshot is
    stale; the busy timeout does not help). What was loaded is expired by the rollback.
    """
    session().commit()
    with deferred_transactions():
        try:
            yield
        finally:
            session().rollback()


def _reads_only() -> bool:
    """GET pages only read; form posts, CLI commands and tasks may write.

    A view marked `reads_first` reads like a GET page outside its `writes()` blocks.
    """
    mode = _begin_mode.get()
    if mode is not None:
        return mode == "deferred"
    if not has_request_context():
        return False
    if request.method in _READ_ONLY_METHODS:
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, _READS_FIRST, False))


def init_app(app: Flask) -> None:
    url = app.config["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(
        url,
        busy_timeout_ms=app.config["SQLITE_BUSY_TIMEOUT_MS"],
        guard_writes=app.config.get("SQLITE_GUARD_WRITES", False),
    )
    app.extensions[ENGINE_KEY] = engine
    app.extensions[SESSIONMAKER_KEY] = sessionmaker(bind=engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def session() -> Session:
    """Return this request's (or CLI command's) session, opening it on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions[SESSIONMAKER_KEY]()
    current: Session = g.db_session
    return current


def separate_session() -> Session:
    """Return a new session of its own (the caller closes it): a short write beside long work."""
    made: Session = current_app.extensions[SESSIONMAKER_KEY]()
    return made


def _close_session(_exc: BaseException | None) -> None:
    current = g.pop("db_session", None)
    if current is not None:
        current.close()
