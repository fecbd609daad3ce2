"""edition correction note: what a corrected edition (edition N > 1) changed, as typed

Written by the secretariat when it publishes an edition above 1; shown on the editions
lists, in the correction mail and in the corrected annual report itself. Editions
published before have none (nothing recorded what they corrected).

Revision ID: f1c3a5e7b9d2
Revises: f1a7c3e9b2d4
Create Date: 2026-12-07 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "f1c3a5e7b9d2"
down_revision = "f1a7c3e9b2d4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("report_jobs", sa.Column("correction_note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("report_jobs", schema=None) as batch_op:
        batch_op.drop_column("correction_note")
