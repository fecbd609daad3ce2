"""attachments by assessment: an index on (assessment_id, item_id)

Every answer page reads its items' evidence files by assessment and item; with no index
on the table but its primary key, each read scanned every organisation's files.

Revision ID: d6e8a0c2b4f6
Revises: c5d7f9a1b3e5
Create Date: 2026-12-03 16:00:00
"""

from __future__ import annotations

from alembic import op

revision = "d6e8a0c2b4f6"
down_revision = "c5d7f9a1b3e5"
branch_labels = None
depends_on = None

_INDEX = "ix_attachments_assessment_id_item_id"


def upgrade() -> None:
    op.create_index(_INDEX, "attachments", ["assessment_id", "item_id"], unique=False)


def downgrade() -> None:
    op.drop_index(_INDEX, table_name="attachments")
