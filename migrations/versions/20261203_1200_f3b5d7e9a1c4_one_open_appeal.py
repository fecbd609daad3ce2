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
    # Two open appeals of one review could only come from the race this index closes; the
    # secretariat must decide one first, so say which reviews rather than fail on the index.
    doubled = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT review_id FROM review_appeals WHERE status = 'open'"
                " GROUP BY review_id HAVING count(*) > 1 ORDER BY review_id"
            )
        )
        .scalars()
        .all()
    )
    if doubled:
        ids = ", ".join(str(review_id) for review_id in doubled)
        raise RuntimeError(
            f"评审 {ids} 各有不止一项待决定的申诉，请秘书处先决定其中一项后再升级"
            f" (reviews {ids} each have more than one open appeal: decide one, then upgrade)"
        )
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
