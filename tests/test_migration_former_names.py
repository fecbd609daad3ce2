"""The former-names migration: the table comes empty and keeps rows; the downgrade drops it."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tests.migration_world import check_migration

BEFORE = "4479c52a44b1"
AFTER = "a8d2f4c6e0b1"

# Typed, so the dialect writes the dates (sqlite3's own date adapters are deprecated).
_NOW = sa.bindparam("now", type_=sa.DateTime())
_NOON = dt.datetime(2025, 1, 1, 12, tzinfo=dt.UTC).replace(tzinfo=None)


def test_the_table_keeps_a_rename_and_goes_with_its_organisation_and_the_downgrade(
    database: str,
) -> None:
    def rows(engine: sa.Engine) -> None:
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO organisations (id, kind, name_zh, credit_code, province, city,"
                    " commitment_status, created_at) VALUES (1, 'company', '新名化工', 'C1',"
                    " '福建', '福州', 'signed', :now)"
                ).bindparams(_NOW),
                {"now": _NOON},
            )

    def upgraded(engine: sa.Engine) -> None:
        with engine.begin() as conn:
            assert (
                conn.exec_driver_sql("SELECT COUNT(*) FROM organisation_former_names").scalar() == 0
            )
            conn.execute(
                sa.text(
                    "INSERT INTO organisation_former_names (organisation_id, name_zh, changed_at)"
                    " VALUES (1, '旧名化工', :now)"
                ).bindparams(_NOW),
                {"now": _NOON},
            )
            kept = conn.exec_driver_sql(
                "SELECT organisation_id, name_zh, name_en, changed_by_id"
                " FROM organisation_former_names"
            ).all()
            assert [tuple(row) for row in kept] == [(1, "旧名化工", None, None)]

    def downgraded(engine: sa.Engine) -> None:
        with engine.connect() as conn:
            assert "organisation_former_names" not in sa.inspect(conn).get_table_names()

    check_migration(database, BEFORE, AFTER, rows=rows, upgraded=upgraded, downgraded=downgraded)
