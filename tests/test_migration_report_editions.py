"""The report-edition migration: jobs keep their rows, gain no edition; the downgrade drops it."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tests.migration_world import check_migration

BEFORE = "a8d2f4c6e0b1"
AFTER = "c5e1a7d3f9b2"

_NOW = sa.bindparam("now", type_=sa.DateTime())
_NOON = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC).replace(tzinfo=None)


def test_jobs_are_kept_unpublished_and_the_downgrade_drops_the_columns(
    database: str,
) -> None:
    def rows(engine: sa.Engine) -> None:
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO report_jobs (id, kind, status, lang, progress, created_at,"
                    " updated_at) VALUES (1, 'annual_report', 'done', 'zh', 100, :now, :now)"
                ).bindparams(_NOW),
                {"now": _NOON},
            )

    def upgraded(engine: sa.Engine) -> None:
        with engine.begin() as conn:
            kept = conn.exec_driver_sql(
                "SELECT id, edition, published_at, published_by_id FROM report_jobs"
            ).all()
            assert [tuple(row) for row in kept] == [(1, None, None, None)]

    def downgraded(engine: sa.Engine) -> None:
        with engine.connect() as conn:
            columns = {c["name"] for c in sa.inspect(conn).get_columns("report_jobs")}
            assert "edition" not in columns
            assert "published_at" not in columns

    check_migration(database, BEFORE, AFTER, rows=rows, upgraded=upgraded, downgraded=downgraded)
