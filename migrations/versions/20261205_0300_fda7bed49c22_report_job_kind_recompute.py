"""report job kind recompute: an open year's stored results recomputed on the task queue

The secretariat (or an operator after an upgrade) recomputes the stored self and final
results of an open year with today's code; the job keeps the changed ratings in `params`
for its result page and has no file. Only the CHECK constraint on `kind` changes.

Revision ID: fda7bed49c22
Revises: 5601044d1e51
Create Date: 2026-12-05 03:00:00
"""

from __future__ import annotations

from alembic import op

revision = "fda7bed49c22"
down_revision = "5601044d1e51"
branch_labels = None
depends_on = None

_OLD = ("annual_report", "annual_workbook", "scorecards", "import", "audit_log", "scorecard")
_NEW = (*_OLD, "recompute")


def _allow(kinds: tuple[str, ...]) -> None:
    listed = ", ".join(f"'{kind}'" for kind in kinds)
    with op.batch_alter_table("report_jobs", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_report_jobs_report_job_kind"), type_="check")
        batch_op.create_check_constraint("report_job_kind", f"kind IN ({listed})")


def upgrade() -> None:
    _allow(_NEW)


def downgrade() -> None:
    # A job of an unknown kind could not be read back; the recomputed results stay, and the
    # audit log keeps every rating the recomputation changed.
    op.execute("DELETE FROM report_jobs WHERE kind = 'recompute'")
    _allow(_OLD)
