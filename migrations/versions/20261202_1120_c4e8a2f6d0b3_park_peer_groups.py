"""park peer groups: parks are benchmarked among all parks and the parks of their province

Revision ID: c4e8a2f6d0b3
Revises: a7c3e9d1b5f2
Create Date: 2026-12-02 11:20:00
"""

from __future__ import annotations

from alembic import op

revision = "c4e8a2f6d0b3"
down_revision = "a7c3e9d1b5f2"
branch_labels = None
depends_on = None

_OLD = ("working_group", "sector", "park", "province")
_NEW = (*_OLD, "all_parks", "park_province")


def _allow(kinds: tuple[str, ...]) -> None:
    listed = ", ".join(f"'{kind}'" for kind in kinds)
    with op.batch_alter_table("peer_group_stats", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_peer_group_stats_peer_group_kind"), type_="check")
        batch_op.create_check_constraint("peer_group_kind", f"group_kind IN ({listed})")


def upgrade() -> None:
    _allow(_NEW)


def downgrade() -> None:
    op.execute("DELETE FROM peer_group_stats WHERE group_kind IN ('all_parks', 'park_province')")
    _allow(_OLD)
