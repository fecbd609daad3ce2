"""add outbox, late allowances, item comments and user language

Revision ID: d9005b900585
Revises: e5a1c7d9f3b2
Create Date: 2026-12-02 06:36:50.333262
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import rcapp.db

revision = "d9005b900585"
down_revision = "e5a1c7d9f3b2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "late_allowances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("allowed_by_id", sa.Integer(), nullable=True),
        sa.Column("allowed_at", rcapp.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["allowed_by_id"],
            ["users.id"],
            name=op.f("fk_late_allowances_allowed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["reporting_cycles.id"],
            name=op.f("fk_late_allowances_cycle_id_reporting_cycles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_late_allowances_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_late_allowances")),
        sa.UniqueConstraint(
            "cycle_id", "organisation_id", name=op.f("uq_late_allowances_cycle_id_organisation_id")
        ),
    )
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("to_name", sa.String(length=100), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("cycle_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", rcapp.db.UTCDateTime(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "sent",
                "failed",
                name="message_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("sent_at", rcapp.db.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_outbox_messages_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["reporting_cycles.id"],
            name=op.f("fk_outbox_messages_cycle_id_reporting_cycles"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_outbox_messages_organisation_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
    )
    op.create_table(
        "return_item_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", rcapp.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_return_item_comments_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_return_item_comments_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_item_comments")),
        sa.UniqueConstraint(
            "assessment_id",
            "round",
            "item_id",
            name=op.f("uq_return_item_comments_assessment_id_round_item_id"),
        ),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("language")

    op.drop_table("return_item_comments")
    op.drop_table("outbox_messages")
    op.drop_table("late_allowances")
