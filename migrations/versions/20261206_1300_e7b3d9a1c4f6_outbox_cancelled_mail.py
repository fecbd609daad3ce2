"""outbox cancelled mail: unsent mail to a withdrawn address is kept as cancelled, with why

Mail still waiting for an address no account has any more (corrected, or its unused account
deleted) was deleted; it is now kept with the status `cancelled` and the reason in
`cancel_reason`, so the outbox shows what did not go out and why. Nothing is backfilled:
the mail cancelled before was deleted.

Revision ID: e7b3d9a1c4f6
Revises: c5e1a7d3f9b2
Create Date: 2026-12-06 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "e7b3d9a1c4f6"
down_revision = "c5e1a7d3f9b2"
branch_labels = None
depends_on = None

_OLD = ("pending", "sent", "failed")
_NEW = (*_OLD, "cancelled")


def _allow(statuses: tuple[str, ...]) -> None:
    listed = ", ".join(f"'{status}'" for status in statuses)
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_outbox_messages_message_status"), type_="check")
        batch_op.create_check_constraint("message_status", f"status IN ({listed})")


def upgrade() -> None:
    op.add_column("outbox_messages", sa.Column("cancel_reason", sa.String(32), nullable=True))
    _allow(_NEW)


def downgrade() -> None:
    # Before, cancelled mail was deleted: it goes as it would have gone then.
    op.execute("DELETE FROM outbox_messages WHERE status = 'cancelled'")
    _allow(_OLD)
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_column("cancel_reason")
