"""one open appeal per review: a partial unique index on review_appeals

Revision ID: f3b5d7e9a1c4
Revises: e2a4c6b8d0f1
Create Date: 2026-12-03 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "f3b5d7e9a1c4"
down_revision = "e2a4c6b8d0f1"
branch_labels = None
depends_on = None

_OPEN = sa.text("status = 'open'")


def upgrade() -> None:
    op.create_index(
        "uq_review_appeals_open",
        "review_appeals",
        ["review_id"],
        unique=True,
        sqlite_where=_OPEN,
        postgresql_where=_OPEN,
    )


def downgrade() -> None:
    op.drop_index("uq_review_appeals_open", table_name="review_appeals")
