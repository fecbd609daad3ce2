"""sqlite ids never reused: AUTOINCREMENT on the tables whose rows people delete

SQLite gives a new row the highest rowid + 1, so after the newest row is deleted its id comes
back: a colleague's stale 删除 button (a bare id) then removed the newer record that got it
(qa41 D1). With AUTOINCREMENT SQLite keeps the highest id ever used in sqlite_sequence and
never hands it out again. The tables are rebuilt (batch mode) on SQLite only; PostgreSQL's
sequences never reuse an id, so nothing changes there.

Dropping a table that other tables reference cascades into them (foreign keys are on), so
the rows of those tables are kept aside and put back after the rebuild.

Revision ID: ff232b4dc449
Revises: 6bee1a535c67
Create Date: 2026-12-05 10:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "ff232b4dc449"
down_revision = "6bee1a535c67"
branch_labels = None
depends_on = None

# The tables whose rows people delete (the models say `sqlite_autoincrement=True` for each).
TABLES = (
    "attachments",
    "events",
    "kpi_targets",
    "value_chain_partners",
    "late_allowances",
    "memberships",
    "working_groups",
    "working_group_members",
    "working_group_roles",
    "review_assignments",
    "review_item_decisions",
    "review_findings",
)


def _children(conn: sa.Connection, table: str) -> list[str]:
    """Return the tables with a foreign key to `table` (other than itself)."""
    names = conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).scalars()
    found = []
    for name in names:
        keys = conn.exec_driver_sql(f'PRAGMA foreign_key_list("{name}")').all()
        if name != table and any(key[2] == table for key in keys):
            found.append(name)
    return found


def _rebuild(table: str, autoincrement: bool) -> None:
    # Every name formatted in below is one of TABLES or a table of this database's schema.
    conn = op.get_bind()
    children = _children(conn, table)
    for child in children:
        conn.exec_driver_sql(f'CREATE TEMP TABLE "keep_{child}" AS SELECT * FROM "{child}"')  # noqa: S608
    with op.batch_alter_table(
        table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
    ):
        pass
    for child in children:
        conn.exec_driver_sql(f'DELETE FROM "{child}"')  # noqa: S608
        conn.exec_driver_sql(f'INSERT INTO "{child}" SELECT * FROM "keep_{child}"')  # noqa: S608
        conn.exec_driver_sql(f'DROP TABLE "keep_{child}"')
    if autoincrement:
        # The copied rows already moved the sequence; an empty table starts at 0.
        highest = conn.exec_driver_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').scalar()  # noqa: S608
        conn.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
        conn.exec_driver_sql(
            "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, highest)
        )


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        _rebuild(table, autoincrement=True)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in reversed(TABLES):
        _rebuild(table, autoincrement=False)
