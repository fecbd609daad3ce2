"""add report jobs

Revision ID: 23c73cd0ca55
Revises: d9005b900585
Create Date: 2026-12-02 06:43:10.415667
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import rcapp.db

revision = "23c73cd0ca55"
down_revision = "d9005b900585"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "annual_report",
                "annual_workbook",
                "scorecards",
                "import",
                name="report_job_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "running",
                "done",
                "failed",
                name="report_job_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("cycle_id", sa.Integer(), nullable=True),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("params", sa.Text(), nullable=True),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("result_name", sa.String(length=200), nullable=True),
        sa.Column("result_file", sa.String(length=64), nullable=True),
        sa.Column("result_mime", sa.String(length=100), nullable=True),
        sa.Column("created_at", rcapp.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", rcapp.db.UTCDateTime(), nullable=False),
        sa.Column("finished_at", rcapp.db.UTCDateTime(), nullable=True),
        sa.Column("expires_at", rcapp.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["reporting_cycles.id"],
            name=op.f("fk_report_jobs_cycle_id_reporting_cycles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_report_jobs_requested_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_jobs")),
    )


def downgrade() -> None:
    op.drop_table("report_jobs")
