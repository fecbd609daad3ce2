"""appeal items: the items of a review an appeal names as disputed

An appeal may name none (the rating as a whole); a row goes with its appeal (ON DELETE
CASCADE). Appeals filed before name none.

Revision ID: a2d4f6b8c0e1
Revises: f1c3a5e7b9d2
Create Date: 2026-12-07 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "a2d4f6b8c0e1"
down_revision = "f1c3a5e7b9d2"
branch_labels = None
depends_on = None

_TABLE = "review_appeal_items"


def upgrade() -> None:
    op.create_table(
        _TABLE,
        sa.Column("appeal_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["appeal_id"],
            ["review_appeals.id"],
            name=op.f(f"fk_{_TABLE}_appeal_id_review_appeals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("appeal_id", "item_id", name=op.f(f"pk_{_TABLE}")),
    )


def downgrade() -> None:
    op.drop_table(_TABLE)
