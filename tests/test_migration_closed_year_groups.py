"""The closed-year-groups migration: closed years get today's memberships and signatories."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tests.migration_world import add_closed_and_open_year, check_migration

BEFORE = "ff232b4dc449"
AFTER = "ba042f68516f"

_NOW = sa.bindparam("now", type_=sa.DateTime())


def _rows(conn: sa.Connection) -> None:
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC).replace(tzinfo=None)
    # 1: signed 2023, in group 1; 2: signed in 2025 (after 2024), in no group; 3: suspended.
    orgs = ((1, "signed", dt.date(2023, 5, 1)), (2, "signed", dt.date(2025, 2, 1)))
    for org_id, status, signed_on in (*orgs, (3, "suspended", dt.date(2020, 1, 1))):
        conn.execute(
            sa.text(
                "INSERT INTO organisations (id, kind, name_zh, credit_code, province, city,"
                " commitment_status, commitment_signed_on, created_at) VALUES (:id, 'company',"
                " :name, :code, '福建', '福州', :status, :signed, :now)"
            ).bindparams(_NOW, sa.bindparam("signed", type_=sa.Date())),
            {
                "id": org_id,
                "name": f"单位{org_id}",
                "code": f"C{org_id}",
                "status": status,
                "signed": signed_on,
                "now": now,
            },
        )
    conn.execute(
        sa.text(
            "INSERT INTO working_groups (id, code, kind, name_zh, name_en)"
            " VALUES (1, 'PS', 'code', '工艺安全', 'Process safety')"
        )
    )
    conn.execute(
        sa.text(
            "INSERT INTO working_group_members (working_group_id, organisation_id) VALUES (1, 1)"
        )
    )
    add_closed_and_open_year(conn, now)


def test_closed_years_are_backfilled_with_todays_groups_and_signatories_and_downgrade_drops(
    database: str,
) -> None:
    def rows(engine: sa.Engine) -> None:
        with engine.begin() as conn:
            _rows(conn)

    def upgraded(engine: sa.Engine) -> None:
        with engine.connect() as conn:
            members = conn.exec_driver_sql(
                "SELECT cycle_id, working_group_id, organisation_id FROM closed_year_group_members"
            ).all()
            signed = conn.exec_driver_sql(
                "SELECT cycle_id, organisation_id FROM closed_year_signatories"
            ).all()
        assert [tuple(row) for row in members] == [(1, 1, 1)]  # the closed year only
        assert [tuple(row) for row in signed] == [(1, 1)]  # signed by 2024's end, not suspended

    def downgraded(engine: sa.Engine) -> None:
        with engine.connect() as conn:
            tables = sa.inspect(conn).get_table_names()
        assert "closed_year_group_members" not in tables
        assert "closed_year_signatories" not in tables

    check_migration(database, BEFORE, AFTER, rows=rows, upgraded=upgraded, downgraded=downgraded)
