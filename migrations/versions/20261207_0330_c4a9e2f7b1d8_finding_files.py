"""finding files: photos and files a reviewer attaches to a finding

Stored as an assessment's evidence is (assessments/storage.py); a row goes with its
finding (ON DELETE CASCADE). Existing findings have none.

Revision ID: c4a9e2f7b1d8
Revises: b8e4f1a6c2d9
Create Date: 2026-12-07 03:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from rcapp.db import UTCDateTime

revision = "c4a9e2f7b1d8"
down_revision = "b8e4f1a6c2d9"
branch_labels = None
depends_on = None

_TABLE = "review_finding_files"


def upgrade() -> None:
    op.create_table(
        _TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("stored_name", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["review_findings.id"],
            name=op.f(f"fk_{_TABLE}_finding_id_review_findings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f(f"fk_{_TABLE}_uploaded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{_TABLE}")),
        sa.UniqueConstraint("stored_name", name=op.f(f"uq_{_TABLE}_stored_name")),
        # Ids never reused on SQLite, as for every table whose rows people delete (ff232b4dc449).
        sqlite_autoincrement=True,
    )
    op.create_index("ix_review_finding_files_finding_id", _TABLE, ["finding_id"])


def downgrade() -> None:
    op.drop_index("ix_review_finding_files_finding_id", table_name=_TABLE)
    op.drop_table(_TABLE)
