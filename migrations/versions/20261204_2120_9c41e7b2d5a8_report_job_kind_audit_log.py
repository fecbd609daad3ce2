"""report job kind audit log: the audit log's Excel export runs as a report job

The export was built inside the request (a timeout on a long log). A job of this kind has
no cycle (`cycle_id` is already nullable); its filters are kept in `params`. Only the
CHECK constraint on `kind` changes.

Revision ID: 9c41e7b2d5a8
Revises: e8bf07b68a69
Create Date: 2026-12-04 21:20:00
"""

from __future__ import annotations

from alembic import op

revision = "9c41e7b2d5a8"
down_revision = "e8bf07b68a69"
branch_labels = None
depends_on = None

_OLD = ("annual_report", "annual_workbook", "scorecards", "import")
_NEW = (*_OLD, "audit_log")


def _allow(kinds: tuple[str, ...]) -> None:
    listed = ", ".join(f"'{kind}'" for kind in kinds)
    with op.batch_alter_table("report_jobs", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_report_jobs_report_job_kind"), type_="check")
        batch_op.create_check_constraint("report_job_kind", f"kind IN ({listed})")


def upgrade() -> None:
    _allow(_NEW)


def downgrade() -> None:
    # The files of these jobs stay on disk until the purge of expired files; a job of an
    # unknown kind could not be read back.
    op.execute("DELETE FROM report_jobs WHERE kind = 'audit_log'")
    _allow(_OLD)
