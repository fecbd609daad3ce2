"""The audit-log-job migration: jobs may be of kind audit_log; the downgrade undoes it."""

from __future__ import annotations

from tests.job_kind_migration import check_kind_added

BEFORE = "e8bf07b68a69"
AFTER = "9c41e7b2d5a8"


def test_audit_log_jobs_are_allowed_after_and_removed_by_the_downgrade(
    database: str,
) -> None:
    check_kind_added(database, BEFORE, AFTER, kind="audit_log", older="annual_report")
