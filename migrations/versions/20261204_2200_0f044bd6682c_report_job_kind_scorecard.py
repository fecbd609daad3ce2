"""report job kind scorecard: the single scorecard PDF runs as a report job

WeasyPrint took 2-5 s inside the request, holding one of the app's workers (QA13 S21). A
job of this kind names its assessment in `params` and its cycle in `cycle_id`, as an
import job does. Only the CHECK constraint on `kind` changes.

Revision ID: 0f044bd6682c
Revises: 9c41e7b2d5a8
Create Date: 2026-12-04 22:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0f044bd6682c"
down_revision = "9c41e7b2d5a8"
branch_labels = None
depends_on = None

_OLD = ("annual_report", "annual_workbook", "scorecards", "import", "audit_log")
_NEW = (*_OLD, "scorecard")


def _allow(kinds: tuple[str, ...]) -> None:
    listed = ", ".join(f"'{kind}'" for kind in kinds)
    with op.batch_alter_table("report_jobs", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_report_jobs_report_job_kind"), type_="check")
        batch_op.create_check_constraint("report_job_kind", f"kind IN ({listed})")


def upgrade() -> None:
    _allow(_NEW)


def downgrade() -> None:
    # Their files stay on disk until the purge of expired files; a job of an unknown kind
    # could not be read back.
    op.execute("DELETE FROM report_jobs WHERE kind = 'scorecard'")
    _allow(_OLD)
