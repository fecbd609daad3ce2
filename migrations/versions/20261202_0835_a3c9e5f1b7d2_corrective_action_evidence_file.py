"""corrective action evidence file: a file uploaded when an action is closed

Revision ID: a3c9e5f1b7d2
Revises: b7e3d1a9c5f4
Create Date: 2026-12-02 08:35:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "a3c9e5f1b7d2"
down_revision = "b7e3d1a9c5f4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("review_findings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closing_file_name", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("closing_file_stored", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("closing_file_type", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("closing_file_size", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("closing_file_sha256", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_review_findings_closing_file_stored"), ["closing_file_stored"]
        )


def downgrade() -> None:
    with op.batch_alter_table("review_findings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_review_findings_closing_file_stored"), type_="unique"
        )
        for column in (
            "closing_file_sha256",
            "closing_file_size",
            "closing_file_type",
            "closing_file_stored",
            "closing_file_name",
        ):
            batch_op.drop_column(column)
