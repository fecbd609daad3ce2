"""audit actor snapshot, append only: who acted kept in each entry; no UPDATE or DELETE

Each audit entry keeps the name and e-mail of who made it, as they were then (backfilled
from the users table): a deleted account no longer erases "who" (qa47 D6). The table is
made append-only in the database itself: triggers refuse DELETE and any UPDATE, except the
foreign key's own action, which sets actor_id to NULL when a user row is deleted (the
snapshot keeps the name). PostgreSQL also refuses TRUNCATE.

A later migration that rebuilds the users table or this one on SQLite (batch mode copies
the table aside and drops it) must drop these triggers first and create them again after:
migrations/audit_triggers.py (`audit_triggers_lifted`) does both.

Revision ID: 4479c52a44b1
Revises: ba042f68516f
Create Date: 2026-12-05 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations.audit_triggers import create_audit_triggers, drop_audit_triggers

revision = "4479c52a44b1"
down_revision = "ba042f68516f"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_entries", sa.Column("actor_name", sa.String(100), nullable=True))
    op.add_column("audit_entries", sa.Column("actor_email", sa.String(254), nullable=True))
    op.execute(
        "UPDATE audit_entries SET"
        " actor_name = (SELECT users.name FROM users WHERE users.id = audit_entries.actor_id),"
        " actor_email = (SELECT users.email FROM users WHERE users.id = audit_entries.actor_id)"
        " WHERE actor_id IS NOT NULL"
    )
    create_audit_triggers()


def downgrade() -> None:
    drop_audit_triggers()
    with op.batch_alter_table("audit_entries") as batch:
        batch.drop_column("actor_email")
        batch.drop_column("actor_name")
