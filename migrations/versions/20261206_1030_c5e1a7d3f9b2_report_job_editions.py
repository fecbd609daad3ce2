"""report job editions: a closed year's annual outputs published as numbered editions

A published job's file is kept for good (its `expires_at` is cleared) and numbered per
year, kind and language. Nothing is backfilled: no job was published before.

Revision ID: c5e1a7d3f9b2
Revises: a8d2f4c6e0b1
Create Date: 2026-12-06 10:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from rcapp.db import UTCDateTime

revision = "c5e1a7d3f9b2"
down_revision = "a8d2f4c6e0b1"
branch_labels = None
depends_on = None

_INDEX = "uq_report_jobs_edition"


def upgrade() -> None:
    # Plain ADD COLUMNs and a unique index, no foreign key: a constraint would need a batch
    # rebuild of `report_jobs` on SQLite. A publisher who is gone reads as nobody.
    op.add_column("report_jobs", sa.Column("edition", sa.Integer(), nullable=True))
    op.add_column("report_jobs", sa.Column("published_at", UTCDateTime(), nullable=True))
    op.add_column("report_jobs", sa.Column("published_by_id", sa.Integer(), nullable=True))
    op.create_index(_INDEX, "report_jobs", ["cycle_id", "kind", "lang", "edition"], unique=True)


def downgrade() -> None:
    op.drop_index(_INDEX, table_name="report_jobs")
    op.drop_column("report_jobs", "published_by_id")  # native on SQLite: no rebuild
    op.drop_column("report_jobs", "published_at")
    op.drop_column("report_jobs", "edition")
