"""Rows written by bulk.insert_rows read back as the rows SQLAlchemy's own INSERT stores."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Table, insert, text
from sqlalchemy.orm import Session

from rcapp.benchmarks.bulk import insert_rows
from rcapp.benchmarks.models import MemberValues, PeerGroupStat
from rcapp.benchmarks.stats import GroupKind
from rcapp.db import Base
from tests.factories import make_cycle, make_organisation

D = Decimal
STATS: Table = Base.metadata.tables[PeerGroupStat.__tablename__]
VALUES: Table = Base.metadata.tables[MemberValues.__tablename__]
COLUMNS = (
    "cycle_id",
    "group_kind",
    "group_key",
    "metric",
    "members",
    "first_quartile",
    "median",
    "third_quartile",
    "pooled",
    "pooled_200k",
    "computed_at",
)


def _read(db_session: Session, table: str, order: str) -> list[tuple[object, ...]]:
    rows = db_session.connection().execute(
        text(f"SELECT * FROM {table} ORDER BY {order}")  # noqa: S608 -- constants
    )
    return [tuple(row)[1:] for row in rows]  # all but the id


def test_statistics_and_member_values_are_stored_as_an_insert_stores_them(
    db_session: Session,
) -> None:
    cycle = make_cycle()
    organisation = make_organisation()
    db_session.flush()
    at = dt.datetime(2026, 12, 2, 19, 0, tzinfo=dt.UTC)  # whole seconds: no fraction written
    later = dt.datetime(2026, 12, 2, 19, 0, 1, 250, tzinfo=dt.UTC)
    sector = (cycle.id, GroupKind.SECTOR, "行业1", "kpi:OHS-03", 5)
    province = (cycle.id, GroupKind.PROVINCE, "江苏", "section:MS", 7)
    rows = [
        (*sector, D("0.0000025"), D("1.5"), D(2), None, None, at),
        (*province, D("-3.25"), D("79.5"), D("1234567.1234565"), D("0.30"), D("0.06"), later),
    ]
    conn = db_session.connection()
    conn.execute(insert(STATS), [dict(zip(COLUMNS, row, strict=True)) for row in rows])
    expected = _read(db_session, "peer_group_stats", "id")
    conn.execute(text("DELETE FROM peer_group_stats"))
    insert_rows(conn, STATS, COLUMNS, rows)
    assert _read(db_session, "peer_group_stats", "id") == expected
    figures = '{"section:MS":"79.500000","kpi:名":"1.000000"}'
    names = ("cycle_id", "organisation_id", "figures")
    value_row = (cycle.id, organisation.id, figures)
    conn.execute(insert(VALUES), dict(zip(names, value_row, strict=True)))
    expected = _read(db_session, "benchmark_member_values", "id")
    conn.execute(text("DELETE FROM benchmark_member_values"))
    insert_rows(conn, VALUES, names, [value_row])
    assert _read(db_session, "benchmark_member_values", "id") == expected
    insert_rows(conn, VALUES, ("cycle_id",), [])  # nothing to write: no statement
