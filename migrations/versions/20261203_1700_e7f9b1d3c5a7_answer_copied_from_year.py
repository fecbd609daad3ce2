"""answer copied from year: an answer copied from last year's assessment, not yet saved

The section page marks such an answer ("copied from 2024, review and save") until the
page holding it is saved. Existing answers keep NULL: typed, not copied.

Revision ID: e7f9b1d3c5a7
Revises: d6e8a0c2b4f6
Create Date: 2026-12-03 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "e7f9b1d3c5a7"
down_revision = "d6e8a0c2b4f6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (nullable): no batch rebuild of a table others reference.
    op.add_column("answers", sa.Column("copied_from_year", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("answers", "copied_from_year")
