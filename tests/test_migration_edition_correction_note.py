"""The edition correction-note migration adds a nullable column to report jobs, and removes it."""

from __future__ import annotations

import sqlalchemy as sa

from tests.migration_world import check_migration, nullable

BEFORE = "f1a7c3e9b2d4"
AFTER = "f1c3a5e7b9d2"


def _absent(engine: sa.Engine) -> None:
    found = nullable(engine, "report_jobs")
    assert "correction_note" not in found
    assert "published_by_id" in found  # the table rebuilt by batch keeps its columns


def _upgraded(engine: sa.Engine) -> None:
    found = nullable(engine, "report_jobs")
    assert found["correction_note"] is True
    assert "published_by_id" in found


def test_the_correction_note_column_comes_and_goes(database: str) -> None:
    check_migration(database, BEFORE, AFTER, rows=_absent, upgraded=_upgraded, downgraded=_absent)
