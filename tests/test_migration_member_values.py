"""The member-values migration: one row per metric becomes one row per member, and back."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import sqlalchemy as sa

from rcapp.benchmarks.member_figures import decode
from tests.migration_world import add_organisation, add_year, check_migration

BEFORE = "c4e8a2f6d0b3"
AFTER = "87fd120f79be"
VALUES = {
    (1, 1): {"section:MS": "79.5", "kpi:OHS-03": "0.000013", "kpi:EN-01": "0"},
    (1, 2): {"section:MS": "100", "kpi:OHS-03": "1234567.891234"},
}


def _rows(conn: sa.Connection) -> None:
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC).replace(tzinfo=None)
    for org_id in (1, 2):
        add_organisation(conn, org_id, now)
    add_year(conn, 1, 2024, "open", now)
    old = sa.table(
        "benchmark_values",
        sa.column("cycle_id"),
        sa.column("organisation_id"),
        sa.column("metric"),
        sa.column("value", sa.Numeric(20, 6)),
    )
    conn.execute(
        sa.insert(old),
        [
            {"cycle_id": c, "organisation_id": o, "metric": m, "value": Decimal(v)}
            for (c, o), found in VALUES.items()
            for m, v in found.items()
        ],
    )


def _old_values(conn: sa.Connection) -> dict[tuple[int, int], dict[str, Decimal]]:
    found: dict[tuple[int, int], dict[str, Decimal]] = {}
    table = sa.table(
        "benchmark_values",
        sa.column("cycle_id", sa.Integer()),
        sa.column("organisation_id", sa.Integer()),
        sa.column("metric", sa.String()),
        sa.column("value", sa.Numeric(20, 6)),
    )
    for cycle_id, organisation_id, metric, value in conn.execute(sa.select(*table.c)):
        found.setdefault((cycle_id, organisation_id), {})[metric] = value
    return found


def test_values_move_to_one_row_per_member_as_read_and_back(database: str) -> None:
    before: dict[tuple[int, int], dict[str, Decimal]] = {}

    def rows(engine: sa.Engine) -> None:
        with engine.begin() as conn:
            _rows(conn)
        with engine.connect() as conn:
            before.update(_old_values(conn))

    def upgraded(engine: sa.Engine) -> None:
        with engine.connect() as conn:
            stored = conn.execute(
                sa.text(
                    "SELECT cycle_id, organisation_id, figures FROM benchmark_member_values"
                    " ORDER BY organisation_id"
                )
            ).all()
            tables = set(sa.inspect(conn).get_table_names())
        after = {(c, o): decode(figures) for c, o, figures in stored}
        # The very Decimals the NUMERIC(20, 6) column gave (value and places).
        assert {k: {m: str(v) for m, v in f.items()} for k, f in after.items()} == {
            k: {m: str(v) for m, v in f.items()} for k, f in before.items()
        }
        assert json.loads(stored[0].figures)["kpi:OHS-03"] == "0.000013"
        assert "benchmark_values" not in tables

    def downgraded(engine: sa.Engine) -> None:
        with engine.connect() as conn:
            assert _old_values(conn) == before
            assert "benchmark_member_values" not in set(sa.inspect(conn).get_table_names())

    check_migration(database, BEFORE, AFTER, rows=rows, upgraded=upgraded, downgraded=downgraded)
