"""The outbox table: every e-mail rcapp sends is written here first, then delivered."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rcapp.db import Base, UTCDateTime, created_at, intpk, str_enum

SUBJECT_LENGTH = 200
TO_NAME_LENGTH = 100


class MessageStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # tried MAX_ATTEMPTS times; kept for the secretariat to see
    CANCELLED = "cancelled"  # never sent: its address was withdrawn (cancel_reason says how)


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"

    id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(String(32))  # e.g. "reminder"
    to_address: Mapped[str] = mapped_column(String(254))
    to_name: Mapped[str] = mapped_column(String(TO_NAME_LENGTH))
    lang: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(SUBJECT_LENGTH))
    body: Mapped[str] = mapped_column(Text)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    cycle_id: Mapped[int | None] = mapped_column(
        ForeignKey("reporting_cycles.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[created_at]
    status: Mapped[MessageStatus] = mapped_column(
        str_enum(MessageStatus, "message_status"), default=MessageStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    # Why a cancelled message was not sent: an accounts.hooks.Withdrawal value.
    cancel_reason: Mapped[str | None] = mapped_column(String(32))

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.kind} to={self.to_address} {self.status}>"
