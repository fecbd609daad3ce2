"""closed year parks: the park each company was in when its year was closed

A closed year's park pages read these rows instead of the company's park today, so a
company that moves park later stays under its old park in the closed year. Years closed
before this migration are backfilled from each company's park at the time of the upgrade
(the park it was in at their close is not known).

Revision ID: 6bee1a535c67
Revises: fda7bed49c22
Create Date: 2026-12-05 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "6bee1a535c67"
down_revision = "fda7bed49c22"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "closed_year_parks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("park_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["reporting_cycles.id"],
            name=op.f("fk_closed_year_parks_cycle_id_reporting_cycles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_closed_year_parks_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["park_id"],
            ["organisations.id"],
            name=op.f("fk_closed_year_parks_park_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_closed_year_parks")),
        sa.UniqueConstraint(
            "cycle_id",
            "organisation_id",
            name=op.f("uq_closed_year_parks_cycle_id_organisation_id"),
        ),
    )
    op.create_index(op.f("ix_closed_year_parks_park_id"), "closed_year_parks", ["park_id"])
    # Backfill: every closed year (closing ones too: their close writes the rows again)
    # from each company's park now.
    op.execute(
        "INSERT INTO closed_year_parks (cycle_id, organisation_id, park_id)"
        " SELECT reporting_cycles.id, organisations.id, organisations.park_id"
        " FROM reporting_cycles, organisations"
        " WHERE reporting_cycles.status = 'closed' AND organisations.kind = 'company'"
        " AND organisations.park_id IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_closed_year_parks_park_id"), table_name="closed_year_parks")
    op.drop_table("closed_year_parks")
