"""The review-working-group migration gives each review the group it was set up in: the
group the opening lead leads (of the organisation's groups), else the organisation's first
group by code; downgrading removes the column.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tests.migration_world import check_migration, columns, in_one_transaction

BEFORE = "e7f9b1d3c5a7"
AFTER = "f1a3c5e7b9d2"
_NOW = sa.bindparam("now", type_=sa.DateTime())


@in_one_transaction
def _rows(conn: sa.Connection) -> None:
    now = dt.datetime(2025, 6, 1)  # noqa: DTZ001 - stored naive, as the app's UTC
    for org_id in (1, 2, 3):
        conn.execute(
            sa.text(
                "INSERT INTO organisations (id, kind, name_zh, credit_code, province, city,"
                " commitment_status, created_at) VALUES (:id, 'company', :name, :code,"
                " '江苏省', '南京市', 'signed', :now)"
            ).bindparams(_NOW),
            {"id": org_id, "name": f"公司{org_id}", "code": f"CODE{org_id}", "now": now},
        )
    for group_id, code in ((1, "WG-A"), (2, "WG-B")):
        conn.execute(
            sa.text(
                "INSERT INTO working_groups (id, code, kind, name_zh, name_en)"
                " VALUES (:id, :code, 'code', :code, :code)"
            ),
            {"id": group_id, "code": code},
        )
    for group_id, org_id in ((1, 1), (2, 1), (1, 2), (2, 2)):  # both in both groups
        conn.execute(
            sa.text(
                "INSERT INTO working_group_members (working_group_id, organisation_id)"
                " VALUES (:group, :org)"
            ),
            {"group": group_id, "org": org_id},
        )
    conn.execute(
        sa.text(
            "INSERT INTO users (id, email, name, is_active, is_secretariat,"
            " must_change_password, created_at) VALUES"
            " (1, 'lead@example.cn', '组长', :yes, :no, :no, :now),"
            " (2, 'sec@example.cn', '秘书处', :yes, :yes, :no, :now)"
        ).bindparams(_NOW),
        {"yes": True, "no": False, "now": now},
    )
    conn.execute(
        sa.text(
            "INSERT INTO working_group_roles (user_id, working_group_id, role)"
            " VALUES (1, 2, 'lead')"
        )
    )
    conn.execute(
        sa.text(
            "INSERT INTO reporting_cycles (id, year, company_rubric_id, company_rubric_version,"
            " park_rubric_id, park_rubric_version, deadline, status, created_at)"
            " VALUES (1, 2025, 'mini-company', 1, 'mini-company', 1, :deadline, 'open', :now)"
        ).bindparams(_NOW, sa.bindparam("deadline", type_=sa.Date())),
        {"deadline": dt.date(2026, 3, 31), "now": now},
    )
    # Review 1 opened by the lead of WG-B; review 2 by the secretariat (no group led).
    for review_id, org_id, creator in ((1, 1, 1), (2, 2, 2)):
        conn.execute(
            sa.text(
                "INSERT INTO assessments (id, organisation_id, cycle_id, rubric_id,"
                " rubric_version, rubric_sha256, status, created_at, updated_at)"
                " VALUES (:id, :org, 1, 'mini-company', 1, :sha, 'submitted', :now, :now)"
            ).bindparams(_NOW),
            {"id": review_id, "org": org_id, "sha": "0" * 64, "now": now},
        )
        conn.execute(
            sa.text(
                "INSERT INTO reviews (id, assessment_id, kind, status, created_at,"
                " created_by_id, sample_items, sample_kpis)"
                " VALUES (:id, :id, 'desk', 'in_review', :now, :creator, '[]', '[]')"
            ).bindparams(_NOW),
            {"id": review_id, "creator": creator, "now": now},
        )
    conn.execute(
        sa.text(
            "INSERT INTO review_assignments (review_id, reviewer_id, reviewer_organisation_id,"
            " status, assigned_at) VALUES (1, 1, 3, 'assigned', :now)"
        ).bindparams(_NOW),
        {"now": now},
    )


def _assignments(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text("SELECT count(*) FROM review_assignments")).scalar_one())


def _owners(engine: sa.Engine) -> dict[int, int | None]:
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, working_group_id FROM reviews ORDER BY id"))
        return {row[0]: row[1] for row in rows}


def _upgraded(engine: sa.Engine) -> None:
    assert _owners(engine) == {1: 2, 2: 1}  # the opening lead's group; else the first
    # No table rebuild: SQLite's DROP TABLE (foreign keys on) would cascade into these.
    assert _assignments(engine) == 1


def _downgraded(engine: sa.Engine) -> None:
    assert _assignments(engine) == 1
    found = columns(engine, "reviews")
    assert "working_group_id" not in found
    assert "sample_items" in found


def test_reviews_get_the_group_they_were_set_up_in_and_lose_it_again(database: str) -> None:
    check_migration(database, BEFORE, AFTER, rows=_rows, upgraded=_upgraded, downgraded=_downgraded)
