"""late allowance until: the last day an organisation allowed to submit late may do so

Existing allowances keep NULL: no end date, as before (the secretariat can set one).

Revision ID: b4c6e8f0a2d3
Revises: a36e6b27e6e4
Create Date: 2026-12-03 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "b4c6e8f0a2d3"
down_revision = "a36e6b27e6e4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (nullable): no batch rebuild of a table others may reference.
    op.add_column("late_allowances", sa.Column("until", sa.Date(), nullable=True))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+); the allowances stay, without an end.
    op.drop_column("late_allowances", "until")
