"""The scorecard-job migration: jobs may be of kind scorecard; the downgrade undoes it."""

from __future__ import annotations

from tests.job_kind_migration import check_kind_added

BEFORE = "9c41e7b2d5a8"
AFTER = "0f044bd6682c"


def test_scorecard_jobs_are_allowed_after_and_removed_by_the_downgrade(
    database: str,
) -> None:
    check_kind_added(database, BEFORE, AFTER, kind="scorecard", older="audit_log")
