"""event unregistered resident: a park's event can name a resident not registered in rcapp

A park names the resident company an event happened at either from its registered
residents (resident_id) or, for one not registered in rcapp, by the name it types and an
optional unified social credit code. Both empty on every existing event: the park itself,
or the registered resident it names, as before.

Revision ID: f1a7c3e9b2d4
Revises: e8f23b3b8ee6
Create Date: 2026-12-07 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "f1a7c3e9b2d4"
down_revision = "e8f23b3b8ee6"
branch_labels = None
depends_on = None

# SQLite recreates the table: keep its AUTOINCREMENT (ids never reused, ff232b4dc449).
KEEP = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.add_column(sa.Column("resident_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("resident_credit_code", sa.String(length=18), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.drop_column("resident_credit_code")
        batch_op.drop_column("resident_name")
