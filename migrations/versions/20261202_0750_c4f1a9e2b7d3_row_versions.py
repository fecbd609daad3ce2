"""row versions for optimistic locking (answers, KPI values, events, organisations)

Revision ID: c4f1a9e2b7d3
Revises: 23c73cd0ca55
Create Date: 2026-12-02 07:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c4f1a9e2b7d3"
down_revision = "23c73cd0ca55"
branch_labels = None
depends_on = None

TABLES = ("answers", "kpi_values", "events", "organisations")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), server_default="1", nullable=False)
            )


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
