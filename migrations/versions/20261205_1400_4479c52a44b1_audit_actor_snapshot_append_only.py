"""audit actor snapshot, append only: who acted kept in each entry; no UPDATE or DELETE

Each audit entry keeps the name and e-mail of who made it, as they were then (backfilled
from the users table): a deleted account no longer erases "who" (qa47 D6). The table is
made append-only in the database itself: triggers refuse DELETE and any UPDATE, except the
foreign key's own action, which sets actor_id to NULL when a user row is deleted (the
snapshot keeps the name). PostgreSQL also refuses TRUNCATE.

A later migration that rebuilds the users table on SQLite (batch mode copies the rows of
tables referencing it aside and back, deleting them) must drop these triggers first and
create them again after.

Revision ID: 4479c52a44b1
Revises: ba042f68516f
Create Date: 2026-12-05 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "4479c52a44b1"
down_revision = "ba042f68516f"
branch_labels = None
depends_on = None

# Every column but actor_id: none of them may change once written.
FIXED = "id, at, entity, entity_id, action, field, before, after, reason, actor_name, actor_email"
MESSAGE = "audit_entries is append-only: entries cannot be changed or deleted"

SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER audit_entries_no_update BEFORE UPDATE OF {FIXED} ON audit_entries
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER audit_entries_actor_only_cleared BEFORE UPDATE OF actor_id ON audit_entries
    WHEN NEW.actor_id IS NOT NULL BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
)

POSTGRES_TRIGGERS = (
    f"""CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '{MESSAGE} (%)', TG_OP; END $$""",
    """CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()""",
    """CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()""",
    f"""CREATE TRIGGER audit_entries_no_update BEFORE UPDATE OF {FIXED} ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()""",
    """CREATE TRIGGER audit_entries_actor_only_cleared BEFORE UPDATE OF actor_id ON audit_entries
    FOR EACH ROW WHEN (NEW.actor_id IS NOT NULL) EXECUTE FUNCTION audit_entries_append_only()""",
)

TRIGGER_NAMES = (
    "audit_entries_no_delete",
    "audit_entries_no_truncate",
    "audit_entries_no_update",
    "audit_entries_actor_only_cleared",
)


def upgrade() -> None:
    op.add_column("audit_entries", sa.Column("actor_name", sa.String(100), nullable=True))
    op.add_column("audit_entries", sa.Column("actor_email", sa.String(254), nullable=True))
    op.execute(
        "UPDATE audit_entries SET"
        " actor_name = (SELECT users.name FROM users WHERE users.id = audit_entries.actor_id),"
        " actor_email = (SELECT users.email FROM users WHERE users.id = audit_entries.actor_id)"
        " WHERE actor_id IS NOT NULL"
    )
    statements = SQLITE_TRIGGERS if op.get_bind().dialect.name == "sqlite" else POSTGRES_TRIGGERS
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name in TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}{' ON audit_entries' if postgres else ''}")
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS audit_entries_append_only()")
    with op.batch_alter_table("audit_entries") as batch:
        batch.drop_column("actor_email")
        batch.drop_column("actor_name")
