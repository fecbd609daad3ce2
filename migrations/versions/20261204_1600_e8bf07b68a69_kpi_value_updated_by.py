"""kpi value updated by: who last saved a KPI input

A KPI save refused because a colleague saved the input meanwhile names the colleague, as
the section pages do for answers. Existing values keep NULL: the message then says
"another user", as before.

Revision ID: e8bf07b68a69
Revises: f1a3c5e7b9d2
Create Date: 2026-12-04 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "e8bf07b68a69"
down_revision = "f1a3c5e7b9d2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN, no foreign key: a constraint would need a batch rebuild of
    # `kpi_values` on SQLite. The app reads a user who is gone as nobody (saving.user_names).
    op.add_column("kpi_values", sa.Column("updated_by_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("kpi_values", "updated_by_id")  # native on SQLite: no rebuild
