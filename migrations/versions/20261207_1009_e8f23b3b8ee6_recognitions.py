"""recognitions: the secretariat's verification (核实) and good-practice case of an assessment

Both feed the five-star band's `verified` and `good_practice_case` conditions; the
assessment keeps whether each stands (is_verified, has_good_practice_case), False for all. A withdrawn
row is kept with its reason; at most one of each kind stands per assessment. Existing
assessments have none.

Revision ID: e8f23b3b8ee6
Revises: d7b3e5a1c9f2
Create Date: 2026-12-07 10:09:51.019142
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from rcapp.db import UTCDateTime

revision = "e8f23b3b8ee6"
down_revision = "d7b3e5a1c9f2"
branch_labels = None
depends_on = None

_FLAGS = ("is_verified", "has_good_practice_case")


def upgrade() -> None:
    # The standing ones as flags on the assessment, read with it by every rating.
    for name in _FLAGS:
        op.add_column(
            "assessments",
            sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false()),
        )
    op.create_table(
        "assessment_recognitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "verification",
                "good_practice_case",
                name="recognition_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column(
            "verifier",
            sa.Enum(
                "secretariat",
                "third_party",
                name="recognition_verifier",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("verifier_name", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column(
            "published_in",
            sa.Enum(
                "report",
                "url",
                "meeting",
                name="recognition_published_in",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("published_where", sa.String(length=500), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("withdrawn_at", UTCDateTime(), nullable=True),
        sa.Column("withdrawn_by_id", sa.Integer(), nullable=True),
        sa.Column("withdrawal_reason", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_assessment_recognitions_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_assessment_recognitions_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["withdrawn_by_id"],
            ["users.id"],
            name=op.f("fk_assessment_recognitions_withdrawn_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_recognitions")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("assessment_recognitions", schema=None) as batch_op:
        batch_op.create_index(
            "uq_assessment_recognitions_standing",
            ["assessment_id", "kind"],
            unique=True,
            sqlite_where=sa.text("withdrawn_at IS NULL"),
            postgresql_where=sa.text("withdrawn_at IS NULL"),
        )

    op.create_table(
        "assessment_recognition_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recognition_id", sa.Integer(), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("stored_name", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recognition_id"],
            ["assessment_recognitions.id"],
            name=op.f("fk_assessment_recognition_files_recognition_id_assessment_recognitions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_assessment_recognition_files_uploaded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_recognition_files")),
        sa.UniqueConstraint(
            "stored_name", name=op.f("uq_assessment_recognition_files_stored_name")
        ),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("assessment_recognition_files", schema=None) as batch_op:
        batch_op.create_index(
            "ix_assessment_recognition_files_recognition_id", ["recognition_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("assessment_recognition_files", schema=None) as batch_op:
        batch_op.drop_index("ix_assessment_recognition_files_recognition_id")

    op.drop_table("assessment_recognition_files")
    with op.batch_alter_table("assessment_recognitions", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_assessment_recognitions_standing",
            sqlite_where=sa.text("withdrawn_at IS NULL"),
            postgresql_where=sa.text("withdrawn_at IS NULL"),
        )

    op.drop_table("assessment_recognitions")
    for name in reversed(_FLAGS):
        op.drop_column("assessments", name)  # native on SQLite: no rebuild
