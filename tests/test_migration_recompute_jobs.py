"""The recompute-job migration: jobs may be of kind recompute; the downgrade undoes it."""

from __future__ import annotations

from tests.job_kind_migration import check_kind_added

BEFORE = "5601044d1e51"
AFTER = "fda7bed49c22"


def test_recompute_jobs_are_allowed_after_and_removed_by_the_downgrade(
    database: str,
) -> None:
    check_kind_added(database, BEFORE, AFTER, kind="recompute", older="scorecard")
