"""organisation name sort: the pinyin of each Chinese name, what lists sort by

Existing organisations get their key computed here (rcapp.organisations.name_order), in
batches; the downgrade drops the column.

Revision ID: c5d7f9a1b3e5
Revises: b4c6e8f0a2d3
Create Date: 2026-12-03 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from rcapp.organisations.name_order import KEY_LENGTH, pinyin_key

revision = "c5d7f9a1b3e5"
down_revision = "b4c6e8f0a2d3"
branch_labels = None
depends_on = None

_BATCH = 1000


def upgrade() -> None:
    # A plain ADD COLUMN with a default: no batch rebuild of a table others reference.
    op.add_column(
        "organisations",
        sa.Column("name_sort", sa.String(KEY_LENGTH), nullable=False, server_default=""),
    )
    organisations = sa.table(
        "organisations", sa.column("id", sa.Integer), sa.column("name_zh"), sa.column("name_sort")
    )
    connection = op.get_bind()
    names = connection.execute(sa.select(organisations.c.id, organisations.c.name_zh)).all()
    update = (
        organisations.update()
        .where(organisations.c.id == sa.bindparam("key_id"))
        .values(name_sort=sa.bindparam("key"))
    )
    for start in range(0, len(names), _BATCH):
        batch = names[start : start + _BATCH]
        connection.execute(
            update, [{"key_id": row.id, "key": pinyin_key(row.name_zh or "")} for row in batch]
        )


def downgrade() -> None:
    op.drop_column("organisations", "name_sort")
