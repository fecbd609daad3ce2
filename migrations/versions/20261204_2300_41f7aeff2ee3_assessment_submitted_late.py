"""assessment submitted late: judged once, at submit

逾期提交 (submitted late) was computed from submitted_at against the deadline of today, so
moving the deadline earlier relabelled on-time submissions late. It is now stored at submit:
after the cycle's deadline in force at that moment. Existing submissions are backfilled
from the deadline they have now (the best that is known): submitted after that day in
Beijing.

Revision ID: 41f7aeff2ee3
Revises: 0f044bd6682c
Create Date: 2026-12-04 23:00:00
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "41f7aeff2ee3"
down_revision = "0f044bd6682c"
branch_labels = None
depends_on = None

_BEIJING = dt.timedelta(hours=8)


def _as_utc(value: object) -> dt.datetime:
    if isinstance(value, str):  # SQLite hands back text
        value = dt.datetime.fromisoformat(value)
    if not isinstance(value, dt.datetime):
        raise TypeError(value)
    return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value


def _as_date(value: object) -> dt.date:
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if not isinstance(value, dt.date):
        raise TypeError(value)
    return value


def upgrade() -> None:
    op.add_column(
        "assessments",
        sa.Column("submitted_late", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT a.id, a.submitted_at, c.deadline FROM assessments a"
            " JOIN reporting_cycles c ON c.id = a.cycle_id WHERE a.submitted_at IS NOT NULL"
        )
    ).all()
    late = [
        row.id
        for row in rows
        if (_as_utc(row.submitted_at) + _BEIJING).date() > _as_date(row.deadline)
    ]
    update = sa.text("UPDATE assessments SET submitted_late = :yes WHERE id = :id").bindparams(
        sa.bindparam("yes", type_=sa.Boolean())
    )
    for id_ in late:
        conn.execute(update, {"yes": True, "id": id_})


def downgrade() -> None:
    op.drop_column("assessments", "submitted_late")  # native on SQLite: no rebuild
