"""The review-dates migration: an existing review keeps no visit day and its assignments no
due day (they stay due 21 days after assignment); the downgrade removes both columns."""

from __future__ import annotations

import sqlalchemy as sa

from tests.migration_world import add_review, check_migration, columns, nullable

BEFORE = "a5d2c7e9f1b3"
AFTER = "b8e4f1a6c2d9"


def _rows(engine: sa.Engine) -> None:
    """An on-site review of a submitted assessment, made before the days were asked."""
    with engine.begin() as conn:
        add_review(conn, "onsite")


def _upgraded(engine: sa.Engine) -> None:
    assert nullable(engine, "reviews")["visit_on"]
    assert nullable(engine, "review_assignments")["due_on"]
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT * FROM reviews")).mappings().one()
    assert (row["kind"], row["visit_on"]) == ("onsite", None)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE reviews SET visit_on = '2027-01-15'"))


def _downgraded(engine: sa.Engine) -> None:
    assert "visit_on" not in columns(engine, "reviews")
    assert "due_on" not in columns(engine, "review_assignments")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT kind FROM reviews")).scalar_one() == "onsite"


def test_existing_reviews_have_no_visit_or_due_day(database: str) -> None:
    check_migration(database, BEFORE, AFTER, rows=_rows, upgraded=_upgraded, downgraded=_downgraded)
