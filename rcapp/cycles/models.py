"""The reporting-cycle table."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from rcapp.db import Base, UTCDateTime, created_at, intpk, str_enum


class CycleStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class ReportingCycle(Base):
    __tablename__ = "reporting_cycles"

    id: Mapped[intpk]
    year: Mapped[int] = mapped_column(unique=True)
    company_rubric_id: Mapped[str] = mapped_column(String(64))
    company_rubric_version: Mapped[int]
    park_rubric_id: Mapped[str] = mapped_column(String(64))
    park_rubric_version: Mapped[int]
    deadline: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[CycleStatus] = mapped_column(
        str_enum(CycleStatus, "cycle_status"), default=CycleStatus.OPEN
    )
    created_at: Mapped[created_at]
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def is_open(self) -> bool:
        return self.status is CycleStatus.OPEN

    def rubric_for(self, kind: str) -> tuple[str, int]:
        if kind == "park":
            return self.park_rubric_id, self.park_rubric_version
        return self.company_rubric_id, self.company_rubric_version

    def __repr__(self) -> str:
        return f"<ReportingCycle {self.id} {self.year} {self.status}>"
