"""review working group: the one group whose lead runs a review

An organisation in two working groups was reviewed "by either group": the leads of both
were told of its closed corrective actions and could confirm them. A review now belongs
to the group it was set up in. Existing reviews take the group of the lead who opened
them (the lowest code when they lead several), else the organisation's first group.

Revision ID: f1a3c5e7b9d2
Revises: e7f9b1d3c5a7
Create Date: 2026-12-03 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "f1a3c5e7b9d2"
down_revision = "e7f9b1d3c5a7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN, no foreign key: a constraint would need a batch rebuild of
    # `reviews` on SQLite, whose DROP TABLE (foreign keys on) cascades into every
    # assignment, decision, settlement, finding and appeal. The app reads a group that is
    # gone as none (reviews.permissions.review_group).
    op.add_column("reviews", sa.Column("working_group_id", sa.Integer(), nullable=True))
    conn = op.get_bind()
    reviews = conn.execute(
        sa.text(
            "SELECT r.id, a.organisation_id, r.created_by_id FROM reviews r "
            "JOIN assessments a ON a.id = r.assessment_id"
        )
    ).all()
    for review_id, organisation_id, created_by_id in reviews:
        groups = (
            conn.execute(
                sa.text(
                    "SELECT g.id FROM working_groups g JOIN working_group_members m "
                    "ON m.working_group_id = g.id WHERE m.organisation_id = :org ORDER BY g.code"
                ),
                {"org": organisation_id},
            )
            .scalars()
            .all()
        )
        led = set(
            conn.execute(
                sa.text(
                    "SELECT working_group_id FROM working_group_roles "
                    "WHERE user_id = :user AND role IN ('lead', 'deputy')"
                ),
                {"user": created_by_id},
            ).scalars()
        )
        owner = next((g for g in groups if g in led), groups[0] if groups else None)
        if owner is not None:
            conn.execute(
                sa.text("UPDATE reviews SET working_group_id = :group WHERE id = :id"),
                {"group": owner, "id": review_id},
            )


def downgrade() -> None:
    op.drop_column("reviews", "working_group_id")  # native on SQLite: no rebuild
