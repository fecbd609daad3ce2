"""event resident: a park's event can name the resident company where it happened

Optional: empty is the park itself, as every existing event stays. A company deleted
later leaves its events on the park's register, no longer tied to it.

Revision ID: a5d2c7e9f1b3
Revises: f3c8a2d6b4e1
Create Date: 2026-12-06 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "a5d2c7e9f1b3"
down_revision = "f3c8a2d6b4e1"
branch_labels = None
depends_on = None

# SQLite recreates the table to add a foreign key: keep its AUTOINCREMENT (ids never
# reused, migration ff232b4dc449), which the copy would otherwise drop.
KEEP = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.add_column(sa.Column("resident_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_events_resident_id_organisations"),
            "organisations",
            ["resident_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_events_resident_id_organisations"), type_="foreignkey"
        )
        batch_op.drop_column("resident_id")
