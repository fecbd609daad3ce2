"""Lift the audit log's guards inside one test (its transaction's rollback restores it).

A few tests remove an entry to stand for data written before that entry existed.
"""

from __future__ import annotations

from sqlalchemy.orm import Session


def allow_audit_deletes(session: Session) -> None:
    on_table = " ON audit_entries" if session.get_bind().dialect.name == "postgresql" else ""
    session.connection().exec_driver_sql(f"DROP TRIGGER audit_entries_no_delete{on_table}")


def allow_audit_updates(session: Session) -> None:
    """Lift the UPDATE guard the same way (a test rewriting an entry into an older shape)."""
    on_table = " ON audit_entries" if session.get_bind().dialect.name == "postgresql" else ""
    session.connection().exec_driver_sql(f"DROP TRIGGER audit_entries_no_update{on_table}")
