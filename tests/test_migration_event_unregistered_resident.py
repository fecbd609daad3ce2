"""The unregistered-resident migration: existing events keep their resident (or the park
itself) and name no typed company; a typed name and code are stored; the downgrade drops
both columns and keeps the events."""

from __future__ import annotations

import sqlalchemy as sa

from tests.migration_world import DAY, NOW, add_organisation, check_migration, columns

BEFORE = "e8f23b3b8ee6"
AFTER = "f1a7c3e9b2d4"


def _rows(engine: sa.Engine) -> None:
    """A park with one event at a registered resident."""
    with engine.begin() as conn:
        add_organisation(conn)
        add_organisation(conn, 2)
        conn.execute(
            sa.text(
                "INSERT INTO events (id, organisation_id, event_type, occurred_on, fatalities,"
                " injuries, description, is_resolved, created_at, version, resident_id) VALUES"
                " (1, 1, 'production_safety_accident', '2025-03-01', 0, 1, '储罐泄漏', false,"
                " :now, 1, 2)"
            ).bindparams(NOW),
            {"now": DAY},
        )


def _upgraded(engine: sa.Engine) -> None:
    assert {"resident_name", "resident_credit_code"} <= columns(engine, "events")
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT * FROM events")).mappings().one()
    assert (row["resident_id"], row["resident_name"], row["resident_credit_code"]) == (
        2,
        None,
        None,
    )
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "UPDATE events SET resident_id = NULL, resident_name = '北岸化工有限公司',"
                " resident_credit_code = '91330100MA2B3C4D5N'"
            )
        )
        stored = conn.execute(sa.text("SELECT resident_name FROM events")).scalar_one()
    assert stored == "北岸化工有限公司"


def _downgraded(engine: sa.Engine) -> None:
    assert not {"resident_name", "resident_credit_code"} & columns(engine, "events")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT description FROM events")).scalar_one() == "储罐泄漏"


def test_existing_events_name_no_typed_resident_and_the_downgrade_keeps_them(
    database: str,
) -> None:
    check_migration(database, BEFORE, AFTER, rows=_rows, upgraded=_upgraded, downgraded=_downgraded)
