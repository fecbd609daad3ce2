"""The reopen-reason migration adds a nullable column to corrective actions, and removes it."""

from __future__ import annotations

import sqlalchemy as sa

from tests.migration_world import check_migration, nullable

BEFORE = "5b1d7e3a9c20"
AFTER = "e2a4c6b8d0f1"


def _absent(engine: sa.Engine) -> None:
    found = nullable(engine, "review_findings")
    assert "reopen_reason" not in found
    assert "closing_file_name" in found  # the table rebuilt by batch keeps its columns


def _upgraded(engine: sa.Engine) -> None:
    found = nullable(engine, "review_findings")
    assert found["reopen_reason"] is True
    assert "closing_file_name" in found


def test_the_reopen_reason_column_comes_and_goes(database: str) -> None:
    check_migration(database, BEFORE, AFTER, rows=_absent, upgraded=_upgraded, downgraded=_absent)
