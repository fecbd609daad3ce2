"""finding dropped: the lead drops a reviewer's finding before finalising, with a reason

The row is kept (the reviewer and the audit log see that it was dropped and why); a
dropped finding does not go to the organisation. Existing findings are all kept: the new
columns start empty.

Revision ID: f3c8a2d6b4e1
Revises: d7b3e9a1c5f4
Create Date: 2026-12-06 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from rcapp.db import UTCDateTime

revision = "f3c8a2d6b4e1"
down_revision = "d7b3e9a1c5f4"
branch_labels = None
depends_on = None

# SQLite recreates the table to add a foreign key: keep its AUTOINCREMENT (ids never
# reused, migration ff232b4dc449), which the copy would otherwise drop.
KEEP = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("review_findings", schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.add_column(sa.Column("dropped_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("dropped_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("dropped_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_review_findings_dropped_by_id_users"),
            "users",
            ["dropped_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("review_findings", schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_review_findings_dropped_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("dropped_by_id")
        batch_op.drop_column("dropped_at")
        batch_op.drop_column("dropped_reason")
