"""The closed-year-parks migration: closed years get today's parks; the downgrade drops them."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tests.migration_world import add_closed_and_open_year, check_migration

BEFORE = "fda7bed49c22"
AFTER = "6bee1a535c67"

# Typed, so the dialect writes the dates (sqlite3's own date adapters are deprecated).
_NOW = sa.bindparam("now", type_=sa.DateTime())


def _rows(conn: sa.Connection) -> None:
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC).replace(tzinfo=None)
    # 1: a park; 2: a company in it; 3: a company in no park.
    for org_id, kind, park in ((1, "park", None), (2, "company", 1), (3, "company", None)):
        conn.execute(
            sa.text(
                "INSERT INTO organisations (id, kind, name_zh, credit_code, province, city,"
                " commitment_status, created_at, park_id) VALUES (:id, :kind, :name, :code,"
                " '福建', '福州', 'signed', :now, :park)"
            ).bindparams(_NOW),
            {
                "id": org_id,
                "kind": kind,
                "name": f"单位{org_id}",
                "code": f"C{org_id}",
                "now": now,
                "park": park,
            },
        )
    add_closed_and_open_year(conn, now)


def test_closed_years_are_backfilled_with_todays_parks_and_the_downgrade_drops_the_table(
    database: str,
) -> None:
    def rows(engine: sa.Engine) -> None:
        with engine.begin() as conn:
            _rows(conn)

    def upgraded(engine: sa.Engine) -> None:
        with engine.connect() as conn:
            kept = conn.exec_driver_sql(
                "SELECT cycle_id, organisation_id, park_id FROM closed_year_parks"
            ).all()
        assert [tuple(row) for row in kept] == [(1, 2, 1)]  # the closed year, the resident only

    def downgraded(engine: sa.Engine) -> None:
        with engine.connect() as conn:
            assert "closed_year_parks" not in sa.inspect(conn).get_table_names()

    check_migration(database, BEFORE, AFTER, rows=rows, upgraded=upgraded, downgraded=downgraded)
