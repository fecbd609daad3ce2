"""QA15 D2: the submitted-late migration judges existing submissions by their year's deadline."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tests.migration_world import (
    add_assessment,
    add_cycle,
    add_organisation,
    check_migration,
    columns,
)

BEFORE = "0f044bd6682c"
AFTER = "41f7aeff2ee3"

SUBMITTED = {
    1: dt.datetime(2026, 3, 31, 15, 59),  # noqa: DTZ001 - 23:59 in Beijing: on time
    2: dt.datetime(2026, 3, 31, 16, 0),  # noqa: DTZ001 - midnight in Beijing: late
    3: None,  # a draft
}


def _rows(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        add_cycle(conn)
        for id_, at in SUBMITTED.items():
            add_organisation(conn, id_)
            add_assessment(conn, id_, at)


def _upgraded(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, submitted_late FROM assessments ORDER BY id"))
        assert [(r.id, bool(r.submitted_late)) for r in rows] == [(1, False), (2, True), (3, False)]


def _downgraded(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM assessments")).scalar_one() == 3
    assert "submitted_late" not in columns(engine, "assessments")


def test_existing_submissions_are_late_only_after_the_deadline_day_in_beijing(
    database: str,
) -> None:
    check_migration(database, BEFORE, AFTER, rows=_rows, upgraded=_upgraded, downgraded=_downgraded)
