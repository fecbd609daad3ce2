"""The cycle-closing migration runs on a database in use: a year that others reference."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tests.migration_world import check_migration, in_one_transaction

BEFORE = "87fd120f79be"
AFTER = "5b1d7e3a9c20"

# Typed, so the dialect writes the dates (sqlite3's own date adapters are deprecated).
_NOW = sa.bindparam("now", type_=sa.DateTime())


@in_one_transaction
def _rows(conn: sa.Connection) -> None:
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC).replace(tzinfo=None)
    conn.execute(
        sa.text(
            "INSERT INTO organisations (id, kind, name_zh, credit_code, province, city,"
            " commitment_status, created_at) VALUES (1, 'company', '公司', 'CODE1',"
            " '福建', '福州', 'signed', :now)"
        ).bindparams(_NOW),
        {"now": now},
    )
    for cycle_id, year, status in ((1, 2024, "closed"), (2, 2025, "open")):
        conn.execute(
            sa.text(
                "INSERT INTO reporting_cycles (id, year, company_rubric_id,"
                " company_rubric_version, park_rubric_id, park_rubric_version, deadline, status,"
                " created_at, closed_at) VALUES (:id, :year, 'mini-company', 1, 'mini-company',"
                " 1, :deadline, :status, :now, :closed)"
            ).bindparams(
                _NOW,
                sa.bindparam("deadline", type_=sa.Date()),
                sa.bindparam("closed", type_=sa.DateTime()),
            ),
            {
                "id": cycle_id,
                "year": year,
                "status": status,
                "deadline": dt.date(year + 1, 3, 31),
                "now": now,
                "closed": now if status == "closed" else None,
            },
        )
    # A row that references the year (ON DELETE CASCADE): rebuilding reporting_cycles with
    # foreign keys on would fail, or delete it.
    conn.execute(
        sa.text(
            "INSERT INTO late_allowances (cycle_id, organisation_id, allowed_at)"
            " VALUES (2, 1, :now)"
        ).bindparams(_NOW),
        {"now": now},
    )


def _upgraded(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        cycles = conn.execute(
            sa.text("SELECT id, status, close_requested_at FROM reporting_cycles ORDER BY id")
        ).all()
        assert [tuple(r) for r in cycles] == [(1, "closed", None), (2, "open", None)]
        allowances = conn.execute(sa.text("SELECT cycle_id FROM late_allowances")).all()
        assert [tuple(r) for r in allowances] == [(2,)]
        # Caught closing (asked for, not finished) when downgraded: open again.
        conn.execute(
            sa.text(
                "UPDATE reporting_cycles SET status = 'closed', close_requested_at = :now"
                " WHERE id = 2"
            ).bindparams(_NOW),
            {"now": dt.datetime(2026, 4, 1, tzinfo=dt.UTC).replace(tzinfo=None)},
        )


def _downgraded(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        statuses = conn.execute(sa.text("SELECT status FROM reporting_cycles ORDER BY id")).all()
    assert [r[0] for r in statuses] == ["closed", "open"]


def test_the_column_is_added_with_every_referencing_row_kept(database: str) -> None:
    check_migration(database, BEFORE, AFTER, rows=_rows, upgraded=_upgraded, downgraded=_downgraded)
