"""closed year groups: working-group memberships and signatories kept at a year's close

A closed year's group pages and annual outputs read these rows instead of today's
memberships and commitments, so a member that moves group (or a commitment suspended)
later leaves the closed year alone. Years closed before this migration are backfilled from
today's memberships and signatories (what they were at their close is not known).

Revision ID: ba042f68516f
Revises: ff232b4dc449
Create Date: 2026-12-05 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "ba042f68516f"
down_revision = "ff232b4dc449"
branch_labels = None
depends_on = None

_MEMBERS = "closed_year_group_members"
_SIGNATORIES = "closed_year_signatories"


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        _MEMBERS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("working_group_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        _fk(_MEMBERS, "cycle_id", "reporting_cycles"),
        _fk(_MEMBERS, "working_group_id", "working_groups"),
        _fk(_MEMBERS, "organisation_id", "organisations"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{_MEMBERS}")),
        sa.UniqueConstraint(
            "cycle_id",
            "working_group_id",
            "organisation_id",
            name=op.f(f"uq_{_MEMBERS}_cycle_id_working_group_id_organisation_id"),
        ),
    )
    op.create_index(op.f(f"ix_{_MEMBERS}_working_group_id"), _MEMBERS, ["working_group_id"])
    op.create_index(op.f(f"ix_{_MEMBERS}_organisation_id"), _MEMBERS, ["organisation_id"])
    op.create_table(
        _SIGNATORIES,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        _fk(_SIGNATORIES, "cycle_id", "reporting_cycles"),
        _fk(_SIGNATORIES, "organisation_id", "organisations"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{_SIGNATORIES}")),
        sa.UniqueConstraint(
            "cycle_id", "organisation_id", name=op.f(f"uq_{_SIGNATORIES}_cycle_id_organisation_id")
        ),
    )
    op.create_index(op.f(f"ix_{_SIGNATORIES}_organisation_id"), _SIGNATORIES, ["organisation_id"])
    _backfill()


def _backfill() -> None:
    """Every closed year (closing ones too: their close writes the rows again) from today."""
    cycles = sa.table("reporting_cycles", sa.column("id"), sa.column("year"), sa.column("status"))
    members = sa.table(
        "working_group_members", sa.column("working_group_id"), sa.column("organisation_id")
    )
    orgs = sa.table(
        "organisations",
        sa.column("id"),
        sa.column("commitment_status"),
        sa.column("commitment_signed_on", sa.Date()),
    )
    kept = sa.table(
        _MEMBERS, sa.column("cycle_id"), sa.column("working_group_id"), sa.column("organisation_id")
    )
    signed = sa.table(_SIGNATORIES, sa.column("cycle_id"), sa.column("organisation_id"))
    closed = cycles.c.status == "closed"
    op.execute(
        kept.insert().from_select(
            ["cycle_id", "working_group_id", "organisation_id"],
            sa.select(cycles.c.id, members.c.working_group_id, members.c.organisation_id)
            .select_from(cycles.join(members, sa.true()))
            .where(closed),
        )
    )
    # participants.signed_for as it reads at this revision: signed, by the year's end.
    by_year_end = sa.or_(
        orgs.c.commitment_signed_on.is_(None),
        sa.extract("year", orgs.c.commitment_signed_on) <= cycles.c.year,
    )
    op.execute(
        signed.insert().from_select(
            ["cycle_id", "organisation_id"],
            sa.select(cycles.c.id, orgs.c.id)
            .select_from(cycles.join(orgs, sa.true()))
            .where(closed, orgs.c.commitment_status == "signed", by_year_end),
        )
    )


def downgrade() -> None:
    op.drop_index(op.f(f"ix_{_SIGNATORIES}_organisation_id"), table_name=_SIGNATORIES)
    op.drop_table(_SIGNATORIES)
    op.drop_index(op.f(f"ix_{_MEMBERS}_organisation_id"), table_name=_MEMBERS)
    op.drop_index(op.f(f"ix_{_MEMBERS}_working_group_id"), table_name=_MEMBERS)
    op.drop_table(_MEMBERS)
