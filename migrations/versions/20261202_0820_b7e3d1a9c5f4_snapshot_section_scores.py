"""snapshot section scores: each snapshot's section scores copied out for set-based benchmarks

Revision ID: b7e3d1a9c5f4
Revises: ebe601fe3de5
Create Date: 2026-12-02 08:20:00

Existing snapshots get no rows here; the benchmarks decode those few (one query) until
they are written again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "b7e3d1a9c5f4"
down_revision = "ebe601fe3de5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "snapshot_section_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Numeric(precision=5, scale=1), nullable=True),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["scorecard_snapshots.id"],
            name=op.f("fk_snapshot_section_scores_snapshot_id_scorecard_snapshots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshot_section_scores")),
        sa.UniqueConstraint(
            "snapshot_id",
            "section_id",
            name=op.f("uq_snapshot_section_scores_snapshot_id_section_id"),
        ),
    )
    with op.batch_alter_table("snapshot_section_scores", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_snapshot_section_scores_snapshot_id"), ["snapshot_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("snapshot_section_scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_snapshot_section_scores_snapshot_id"))
    op.drop_table("snapshot_section_scores")
