"""The event-resident migration: existing events stay, tied to no resident (the park itself);
the downgrade removes the column and keeps the events."""

from __future__ import annotations

import sqlalchemy as sa

from tests.migration_world import DAY, NOW, add_organisation, check_migration, columns

BEFORE = "f3c8a2d6b4e1"
AFTER = "a5d2c7e9f1b3"


def _rows(engine: sa.Engine) -> None:
    """A company with one event on its register."""
    with engine.begin() as conn:
        add_organisation(conn)
        conn.execute(
            sa.text(
                "INSERT INTO events (id, organisation_id, event_type, occurred_on, fatalities,"
                " injuries, description, is_resolved, created_at, version) VALUES (1, 1,"
                " 'production_safety_accident', '2025-03-01', 0, 1, '储罐泄漏', false, :now, 1)"
            ).bindparams(NOW),
            {"now": DAY},
        )


def _upgraded(engine: sa.Engine) -> None:
    assert "resident_id" in columns(engine, "events")
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT * FROM events")).mappings().one()
    assert (row["description"], row["resident_id"]) == ("储罐泄漏", None)
    with engine.begin() as conn:  # a resident deleted later leaves the event on the register
        add_organisation(conn, 2)
        conn.execute(sa.text("UPDATE events SET resident_id = 2"))
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys = ON")
        conn.execute(sa.text("DELETE FROM organisations WHERE id = 2"))
        assert conn.execute(sa.text("SELECT resident_id FROM events")).scalar_one() is None


def _downgraded(engine: sa.Engine) -> None:
    assert "resident_id" not in columns(engine, "events")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT description FROM events")).scalar_one() == "储罐泄漏"


def test_existing_events_stay_and_name_no_resident(database: str) -> None:
    check_migration(database, BEFORE, AFTER, rows=_rows, upgraded=_upgraded, downgraded=_downgraded)
