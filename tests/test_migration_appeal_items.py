"""The appeal-items migration: a table of the items an appeal disputes, which go with their
appeal (ON DELETE CASCADE); appeals filed before name none; the downgrade drops it."""

from __future__ import annotations

import sqlalchemy as sa

from tests.migration_world import (
    DAY,
    NOW,
    add_assessment,
    add_cycle,
    add_organisation,
    check_migration,
)

BEFORE = "f1c3a5e7b9d2"
AFTER = "a2d4f6b8c0e1"


def _rows(engine: sa.Engine) -> None:
    """A final review with an appeal, filed before an appeal could name items."""
    with engine.begin() as conn:
        add_organisation(conn)
        add_cycle(conn)
        add_assessment(conn, 1, DAY)
        conn.execute(
            sa.text(
                "INSERT INTO reviews (id, assessment_id, kind, status, created_at, sample_items,"
                " sample_kpis) VALUES (1, 1, 'onsite', 'final', :now, '[]', '[]')"
            ).bindparams(NOW),
            {"now": DAY},
        )
        conn.execute(
            sa.text(
                "INSERT INTO review_appeals (id, review_id, reason, filed_at, status)"
                " VALUES (1, 1, '对 C1.E1.2 有异议', :now, 'open')"
            ).bindparams(NOW),
            {"now": DAY},
        )


def _upgraded(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys = ON")
        assert conn.execute(sa.text("SELECT count(*) FROM review_appeal_items")).scalar_one() == 0
        conn.execute(
            sa.text(
                "INSERT INTO review_appeal_items (appeal_id, item_id)"
                " VALUES (1, 'C1.E1.2'), (1, 'C2.E1.1')"
            )
        )
        conn.execute(sa.text("DELETE FROM review_appeals WHERE id = 1"))
        left = conn.execute(sa.text("SELECT count(*) FROM review_appeal_items")).scalar_one()
    assert left == 0  # the items went with their appeal


def _downgraded(engine: sa.Engine) -> None:
    assert "review_appeal_items" not in sa.inspect(engine).get_table_names()
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM reviews")).scalar_one() == 1


def test_appeal_items_go_with_their_appeal(database: str) -> None:
    check_migration(database, BEFORE, AFTER, rows=_rows, upgraded=_upgraded, downgraded=_downgraded)
