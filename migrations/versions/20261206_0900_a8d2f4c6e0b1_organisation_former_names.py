"""organisation former names: the names an organisation had before a rename (曾用名)

One row per rename, with the name(s) that changed, when and by whom. Nothing is backfilled:
earlier renames are only in the audit log.

Revision ID: a8d2f4c6e0b1
Revises: 4479c52a44b1
Create Date: 2026-12-06 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from rcapp.db import UTCDateTime

revision = "a8d2f4c6e0b1"
down_revision = "4479c52a44b1"
branch_labels = None
depends_on = None

_TABLE = "organisation_former_names"


def upgrade() -> None:
    op.create_table(
        _TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=True),
        sa.Column("name_en", sa.String(length=200), nullable=True),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f(f"fk_{_TABLE}_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["users.id"],
            name=op.f(f"fk_{_TABLE}_changed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{_TABLE}")),
    )
    op.create_index(op.f(f"ix_{_TABLE}_organisation_id"), _TABLE, ["organisation_id"])


def downgrade() -> None:
    op.drop_index(op.f(f"ix_{_TABLE}_organisation_id"), table_name=_TABLE)
    op.drop_table(_TABLE)
