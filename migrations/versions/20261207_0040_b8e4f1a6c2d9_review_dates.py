"""review dates: the on-site visit day of a review and the due day of each assignment

Both optional: an existing review has no visit day on record, and an existing assignment
stays due `REVIEW_DUE_DAYS` days after it was made (home_panel.due_on), as before.

Revision ID: b8e4f1a6c2d9
Revises: a5d2c7e9f1b3
Create Date: 2026-12-07 00:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "b8e4f1a6c2d9"
down_revision = "a5d2c7e9f1b3"
branch_labels = None
depends_on = None

# Should SQLite recreate a table, keep its AUTOINCREMENT (ids never reused, ff232b4dc449).
KEEP = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("reviews", schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.add_column(sa.Column("visit_on", sa.Date(), nullable=True))
    with op.batch_alter_table("review_assignments", schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.add_column(sa.Column("due_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("review_assignments", schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.drop_column("due_on")
    with op.batch_alter_table("reviews", schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.drop_column("visit_on")
