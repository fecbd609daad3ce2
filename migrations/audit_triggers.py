"""The audit log's append-only triggers, for the migrations that must lift them for a while.

Migration 4479c52a44b1 creates them with `create_audit_triggers`. A later migration that
rebuilds `audit_entries` (or `users`, which it references) in batch mode on SQLite copies the
table aside and drops it, and the triggers go with it, silently. Such a migration wraps the
rebuild so:

    from migrations.audit_triggers import audit_triggers_lifted

    def upgrade() -> None:
        with audit_triggers_lifted():
            with op.batch_alter_table("audit_entries") as batch:
                ...

Released migrations run these statements: change them only in a new migration (a new
function here), never in place, or an upgrade would no longer give the same database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from alembic import op

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


def _dialect() -> str:
    return str(op.get_bind().dialect.name)


def create_audit_triggers() -> None:
    """Make `audit_entries` refuse UPDATE (but clearing actor_id), DELETE and TRUNCATE."""
    for statement in SQLITE_TRIGGERS if _dialect() == "sqlite" else POSTGRES_TRIGGERS:
        op.execute(statement)


def drop_audit_triggers() -> None:
    """Remove the triggers (and PostgreSQL's function); those already gone are skipped."""
    postgres = _dialect() == "postgresql"
    for name in TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}{' ON audit_entries' if postgres else ''}")
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS audit_entries_append_only()")


@contextmanager
def audit_triggers_lifted() -> Iterator[None]:
    """Drop the triggers for the migration steps inside, and create them again after."""
    drop_audit_triggers()
    yield
    create_audit_triggers()
