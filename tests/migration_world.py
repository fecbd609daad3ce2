"""A migration checked both ways on a few rows: the organisations, year and assessments it needs.

`check_migration` upgrades to the revision before, lets the test add its rows, upgrades,
checks, downgrades and checks again; the `add_*` functions write the rows by plain SQL (the
models describe the newest schema, not the one before the migration).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import sqlalchemy as sa

from rcapp.db import make_engine
from rcapp.dbcli import alembic_config

NOW = sa.bindparam("now", type_=sa.DateTime())
DAY = dt.datetime(2026, 1, 1)  # noqa: DTZ001 - stored naive, as UTC


def add_organisation(conn: sa.Connection, id_: int = 1, now: dt.datetime = DAY) -> None:
    """A signed company `id_` (name 公司<id_>, credit code CODE<id_>), created at `now`."""
    conn.execute(
        sa.text(
            "INSERT INTO organisations (id, kind, name_zh, credit_code, province, city,"
            " commitment_status, created_at) VALUES (:id, 'company', :name, :code,"
            " '福建', '福州', 'signed', :now)"
        ).bindparams(NOW),
        {"id": id_, "name": f"公司{id_}", "code": f"CODE{id_}", "now": now},
    )


def add_cycle(conn: sa.Connection) -> None:
    """The open year 2025 (id 1) on the test rubric, due on 31 March 2026."""
    add_year(conn, 1, 2025, "open")


def add_year(conn: sa.Connection, id_: int, year: int, status: str, now: dt.datetime = DAY) -> None:
    """Year `year` (cycle `id_`) in `status` on the test rubric, due on 31 March of the next."""
    conn.execute(
        sa.text(
            "INSERT INTO reporting_cycles (id, year, company_rubric_id, company_rubric_version,"
            " park_rubric_id, park_rubric_version, deadline, status, created_at)"
            " VALUES (:id, :year, 'mini-company', 1, 'mini-company', 1, :deadline, :status, :now)"
        ).bindparams(NOW, sa.bindparam("deadline", type_=sa.Date())),
        {
            "id": id_,
            "year": year,
            "status": status,
            "deadline": dt.date(year + 1, 3, 31),
            "now": now,
        },
    )


def add_closed_and_open_year(conn: sa.Connection, now: dt.datetime = DAY) -> None:
    """2024 closed (cycle 1) and 2025 open (cycle 2): what the closed-year migrations backfill."""
    for id_, year, status in ((1, 2024, "closed"), (2, 2025, "open")):
        add_year(conn, id_, year, status, now)


def add_assessment(
    conn: sa.Connection, id_: int, submitted_at: dt.datetime | None, status: str | None = None
) -> None:
    """Organisation `id_`'s assessment of year 1: submitted at `submitted_at`, else a draft
    (or in `status`)."""
    conn.execute(
        sa.text(
            "INSERT INTO assessments (id, organisation_id, cycle_id, rubric_id,"
            " rubric_version, rubric_sha256, status, created_at, updated_at, submitted_at)"
            " VALUES (:id, :id, 1, 'mini-company', 1, 'x', :status, :now, :now, :at)"
        ).bindparams(NOW, sa.bindparam("at", type_=sa.DateTime())),
        {
            "id": id_,
            "status": status or ("draft" if submitted_at is None else "submitted"),
            "now": DAY,
            "at": submitted_at,
        },
    )


def add_submitted_assessment(conn: sa.Connection) -> None:
    """Organisation 1 and its assessment 1 of the open year 2025, submitted on DAY."""
    add_organisation(conn)
    add_cycle(conn)
    add_assessment(conn, 1, DAY)


def add_review(conn: sa.Connection, kind: str) -> None:
    """Review 1 (`kind`, in review) of the submitted assessment 1, with what it is of."""
    add_submitted_assessment(conn)
    conn.execute(
        sa.text(
            "INSERT INTO reviews (id, assessment_id, kind, status, created_at, sample_items,"
            " sample_kpis) VALUES (1, 1, :kind, 'in_review', :now, '[]', '[]')"
        ).bindparams(NOW),
        {"kind": kind, "now": DAY},
    )


def columns(engine: sa.Engine, table: str) -> set[str]:
    with engine.connect() as conn:
        return {column["name"] for column in sa.inspect(conn).get_columns(table)}


def nullable(engine: sa.Engine, table: str) -> dict[str, bool]:
    """Each column of `table`: whether it takes NULL."""
    with engine.connect() as conn:
        return {str(c["name"]): bool(c["nullable"]) for c in sa.inspect(conn).get_columns(table)}


def in_one_transaction(write: Callable[[sa.Connection], None]) -> Callable[[sa.Engine], None]:
    """`write`'s rows added in one transaction: a `rows` for `check_migration` (a decorator)."""

    def rows(engine: sa.Engine) -> None:
        with engine.begin() as conn:
            write(conn)

    return rows


def check_migration(
    database: str,
    before: str,
    after: str,
    *,
    rows: Callable[[sa.Engine], None],
    upgraded: Callable[[sa.Engine], None],
    downgraded: Callable[[sa.Engine], None],
) -> None:
    """Add `rows` at `before`, check `upgraded` at `after`, then `downgraded` back at `before`."""
    from alembic import command

    command.upgrade(alembic_config(database), before)
    engine = make_engine(database)
    try:
        rows(engine)
        command.upgrade(alembic_config(database), after)
        upgraded(engine)
        command.downgrade(alembic_config(database), before)
        downgraded(engine)
    finally:
        engine.dispose()
