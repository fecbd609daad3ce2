"""cycle closing: a year being closed by the worker (status 'closing', close_requested_at)

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


def _allow(statuses: tuple[str, ...]) -> None:
    listed = ", ".join(f"'{status}'" for status in statuses)
    with op.batch_alter_table("reporting_cycles", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_reporting_cycles_cycle_status"), type_="check")
        batch_op.create_check_constraint("cycle_status", f"status IN ({listed})")


def upgrade() -> None:
    with op.batch_alter_table("reporting_cycles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("close_requested_at", UTCDateTime(), nullable=True))
    _allow(("open", "closing", "closed"))


def downgrade() -> None:
    # A year caught half-closed goes back to open: its close is asked for again.
    op.execute("UPDATE reporting_cycles SET status = 'open' WHERE status = 'closing'")
    _allow(("open", "closed"))
    with op.batch_alter_table("reporting_cycles", schema=None) as batch_op:
        batch_op.drop_column("close_requested_at")
