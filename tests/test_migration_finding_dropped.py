"""The finding-dropped migration: existing findings stay, kept (not dropped); the downgrade
removes the columns and keeps the findings."""

from __future__ import annotations

import sqlalchemy as sa

from tests.migration_world import DAY, NOW, add_review, check_migration, columns

BEFORE = "d7b3e9a1c5f4"
AFTER = "f3c8a2d6b4e1"
DROPPED = ("dropped_reason", "dropped_at", "dropped_by_id")


def _rows(engine: sa.Engine) -> None:
    """A review of a submitted assessment with one open corrective action."""
    with engine.begin() as conn:
        add_review(conn, "desk")
        conn.execute(
            sa.text(
                "INSERT INTO review_findings (id, review_id, item_id, kind, text, owner,"
                " created_at, action_status) VALUES (1, 1, 'C1.E1.1', 'corrective_action',"
                " '缺签字', '王工', :now, 'open')"
            ).bindparams(NOW),
            {"now": DAY},
        )


def _upgraded(engine: sa.Engine) -> None:
    assert set(DROPPED) <= columns(engine, "review_findings")
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT * FROM review_findings")).mappings().one()
    assert (row["text"], row["action_status"]) == ("缺签字", "open")
    assert all(row[name] is None for name in DROPPED)


def _downgraded(engine: sa.Engine) -> None:
    assert not set(DROPPED) & columns(engine, "review_findings")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT text FROM review_findings")).scalar_one() == "缺签字"


def test_existing_findings_are_kept_not_dropped(database: str) -> None:
    check_migration(database, BEFORE, AFTER, rows=_rows, upgraded=_upgraded, downgraded=_downgraded)
