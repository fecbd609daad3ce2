"""corrective action reopen reason: why the lead sent a closed action back

Revision ID: e2a4c6b8d0f1
Revises: 5b1d7e3a9c20
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "e2a4c6b8d0f1"
down_revision = "5b1d7e3a9c20"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("review_findings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reopen_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("review_findings", schema=None) as batch_op:
        batch_op.drop_column("reopen_reason")
