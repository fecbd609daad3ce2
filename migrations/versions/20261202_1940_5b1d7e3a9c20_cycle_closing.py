"""cycle closing: when the close of a year was asked for (the worker freezes its results)

A year is "closing" while its status is closed, `close_requested_at` is set and
`closed_at` is not yet (ReportingCycle.is_closing). Only a column is added: a new status
value would have meant a new CHECK constraint, which SQLite can only get by rebuilding
the table, and rebuilding a table that others reference fails with foreign keys on.

Revision ID: 5b1d7e3a9c20
Revises: 87fd120f79be
Create Date: 2026-12-02 19:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from rcapp.db import UTCDateTime

revision = "5b1d7e3a9c20"
down_revision = "87fd120f79be"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reporting_cycles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("close_requested_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    # A year caught half-closed goes back to open: its close is asked for again.
    op.execute(
        "UPDATE reporting_cycles SET status = 'open'"
        " WHERE status = 'closed' AND close_requested_at IS NOT NULL AND closed_at IS NULL"
    )
    with op.batch_alter_table("reporting_cycles", schema=None) as batch_op:
        batch_op.drop_column("close_requested_at")
