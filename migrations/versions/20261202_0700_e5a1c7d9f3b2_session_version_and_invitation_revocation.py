"""session version and invitation revocation

Revision ID: e5a1c7d9f3b2
Revises: 50dddc8fd23d
Create Date: 2026-12-02 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import rcapp.db

revision = "e5a1c7d9f3b2"
down_revision = "50dddc8fd23d"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), server_default="1", nullable=False)
        )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_at", rcapp.db.UTCDateTime(), nullable=True))
    # Links issued before this rule: revoke those of accounts that already have a password,
    # and every link but the newest one of each account.
    op.execute(
        "UPDATE invitations SET revoked_at = CURRENT_TIMESTAMP "
        "WHERE used_at IS NULL AND ("
        " user_id IN (SELECT id FROM users WHERE password_hash IS NOT NULL)"
        " OR id < (SELECT MAX(i.id) FROM invitations i WHERE i.user_id = invitations.user_id))"
    )


def downgrade() -> None:
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_column("revoked_at")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_version")
