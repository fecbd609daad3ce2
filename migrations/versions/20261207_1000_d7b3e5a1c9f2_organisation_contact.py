"""organisation contact: the site address and whom on-site reviewers call

Four optional columns on organisations (existing rows have none: their admins fill them in).

Revision ID: d7b3e5a1c9f2
Revises: c4a9e2f7b1d8
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "d7b3e5a1c9f2"
down_revision = "c4a9e2f7b1d8"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("site_address", 300),
    ("hse_contact", 100),
    ("contact_phone", 40),
    ("contact_email", 254),
)


def upgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        for name, length in _COLUMNS:
            batch.add_column(sa.Column(name, sa.String(length=length), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        for name, _length in reversed(_COLUMNS):
            batch.drop_column(name)
