"""benchmark member values: one row per member (JSON of metric → value) instead of per metric

Revision ID: 87fd120f79be
Revises: c4e8a2f6d0b3
Create Date: 2026-12-02 14:30:00

The stored values are carried over: each member's rows become one JSON object whose
values are the text of the Decimals the NUMERIC(20, 6) column gave back (and back again
on downgrade).
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision = "87fd120f79be"
down_revision = "c4e8a2f6d0b3"
branch_labels = None
depends_on = None

_FIGURE = sa.Numeric(precision=20, scale=6)
_old = sa.table(
    "benchmark_values",
    sa.column("cycle_id", sa.Integer()),
    sa.column("organisation_id", sa.Integer()),
    sa.column("metric", sa.String(80)),
    sa.column("value", _FIGURE),
)
_new = sa.table(
    "benchmark_member_values",
    sa.column("cycle_id", sa.Integer()),
    sa.column("organisation_id", sa.Integer()),
    sa.column("figures", sa.Text()),
)


def _create_new() -> None:
    op.create_table(
        "benchmark_member_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["reporting_cycles.id"],
            name=op.f("fk_benchmark_member_values_cycle_id_reporting_cycles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_benchmark_member_values_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benchmark_member_values")),
        sa.UniqueConstraint(
            "cycle_id",
            "organisation_id",
            name=op.f("uq_benchmark_member_values_cycle_id_organisation_id"),
        ),
    )


def _create_old() -> None:
    op.create_table(
        "benchmark_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=80), nullable=False),
        sa.Column("value", _FIGURE, nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["reporting_cycles.id"],
            name=op.f("fk_benchmark_values_cycle_id_reporting_cycles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_benchmark_values_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benchmark_values")),
        sa.UniqueConstraint(
            "cycle_id",
            "organisation_id",
            "metric",
            name=op.f("uq_benchmark_values_cycle_id_organisation_id_metric"),
        ),
    )


def upgrade() -> None:
    _create_new()
    conn = op.get_bind()
    members: dict[tuple[int, int], dict[str, str]] = defaultdict(dict)
    for cycle_id, organisation_id, metric, value in conn.execute(
        sa.select(_old.c.cycle_id, _old.c.organisation_id, _old.c.metric, _old.c.value)
    ):
        members[(cycle_id, organisation_id)][metric] = str(value)
    rows = [
        {
            "cycle_id": cycle_id,
            "organisation_id": organisation_id,
            "figures": json.dumps(dict(sorted(found.items())), separators=(",", ":")),
        }
        for (cycle_id, organisation_id), found in members.items()
    ]
    if rows:
        conn.execute(sa.insert(_new), rows)
    op.drop_table("benchmark_values")


def downgrade() -> None:
    _create_old()
    conn = op.get_bind()
    rows = [
        {"cycle_id": cycle_id, "organisation_id": organisation_id, "metric": m, "value": Decimal(v)}
        for cycle_id, organisation_id, figures in conn.execute(
            sa.select(_new.c.cycle_id, _new.c.organisation_id, _new.c.figures)
        )
        for m, v in json.loads(figures).items()
    ]
    if rows:
        conn.execute(sa.insert(_old), rows)
    op.drop_table("benchmark_member_values")
