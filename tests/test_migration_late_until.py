"""The late-allowance date migration keeps existing allowances, without an end date."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tests.migration_world import DAY, NOW, add_cycle, add_organisation, check_migration, columns

BEFORE = "a36e6b27e6e4"
AFTER = "b4c6e8f0a2d3"


def _rows(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        add_organisation(conn)
        add_cycle(conn)
        conn.execute(
            sa.text(
                "INSERT INTO late_allowances (cycle_id, organisation_id, allowed_at)"
                " VALUES (1, 1, :now)"
            ).bindparams(NOW),
            {"now": DAY},
        )


def _upgraded(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        rows = conn.execute(sa.text("SELECT cycle_id, organisation_id, until FROM late_allowances"))
        assert [tuple(r) for r in rows] == [(1, 1, None)]
        conn.execute(
            sa.text("UPDATE late_allowances SET until = :until").bindparams(
                sa.bindparam("until", type_=sa.Date())
            ),
            {"until": dt.date(2026, 4, 14)},
        )
        until = conn.execute(sa.text("SELECT until FROM late_allowances")).scalar_one()
        assert str(until) == "2026-04-14"


def _downgraded(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM late_allowances")).scalar_one() == 1
    assert "until" not in columns(engine, "late_allowances")


def test_existing_allowances_get_no_end_date_and_keep_it_through_a_downgrade(
    database: str,
) -> None:
    check_migration(database, BEFORE, AFTER, rows=_rows, upgraded=_upgraded, downgraded=_downgraded)
