"""kpi backfills: an organisation's self-declared core KPI inputs of earlier years (qa63)

A company that joins mid-way enters the core KPI inputs of the years before it had an
assessment, so that its KPI series (the ladder's trend rungs) need not wait three years.
A new table: no closed year's kpi_values row is touched. Nothing to backfill.

Revision ID: d7b3e9a1c5f4
Revises: e7b3d9a1c4f6
Create Date: 2026-12-06 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from rcapp.db import UTCDateTime

revision = "d7b3e9a1c5f4"
down_revision = "e7b3d9a1c4f6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kpi_backfills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("input_id", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Numeric(precision=20, scale=6), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("entered_in_id", sa.Integer(), nullable=True),
        sa.Column("entered_year", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_kpi_backfills_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entered_in_id"],
            ["assessments.id"],
            name=op.f("fk_kpi_backfills_entered_in_id_assessments"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi_backfills")),
        sa.UniqueConstraint(
            "organisation_id",
            "year",
            "input_id",
            name=op.f("uq_kpi_backfills_organisation_id_year_input_id"),
        ),
    )


def downgrade() -> None:
    op.drop_table("kpi_backfills")
