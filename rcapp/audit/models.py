"""The audit-log table."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rcapp.db import Base, created_at, intpk


class AuditEntry(Base):
    """One change, written once: triggers refuse UPDATE and DELETE (migration 4479c52a44b1)."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_entity", "entity", "entity_id"),)

    id: Mapped[intpk]
    at: Mapped[created_at]
    # The database sets it to NULL when the user row is deleted (the only change the table's
    # append-only triggers allow); the name and e-mail as they were stay beside it.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_name: Mapped[str | None] = mapped_column(String(100))
    actor_email: Mapped[str | None] = mapped_column(String(254))
    entity: Mapped[str] = mapped_column(String(32))  # assessment, organisation, cycle, user
    entity_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(32))  # e.g. answer.update, submit, return
    field: Mapped[str | None] = mapped_column(String(100))
    before: Mapped[str | None] = mapped_column(Text)  # JSON
    after: Mapped[str | None] = mapped_column(Text)  # JSON
    reason: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.entity}:{self.entity_id} {self.action}>"
