"""The reporting-cycle table."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ColumnElement, Date, ForeignKey, String, Text, UniqueConstraint, and_, or_
from sqlalchemy.orm import Mapped, mapped_column

from rcapp.db import NEVER_REUSE_IDS, Base, UTCDateTime, created_at, intpk, str_enum


class CycleStatus(enum.StrEnum):
    """Open to work, or closed.

    A closed year whose results the worker is still freezing is "closing"
    (ReportingCycle.is_closing): told by its dates, not by a third status, so that adding
    it changed no constraint (SQLite would have rebuilt the table).
    """

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
    # When the secretariat asked to close: results frozen since then belong to this close.
    close_requested_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def is_open(self) -> bool:
        return self.status is CycleStatus.OPEN

    @property
    def is_closing(self) -> bool:
        """Closed to work, results still being frozen: asked for, not finished."""
        return (
            self.status is CycleStatus.CLOSED
            and self.close_requested_at is not None
            and self.closed_at is None
        )

    @property
    def is_closed(self) -> bool:
        """Closed and frozen: results are read from the frozen snapshots."""
        return self.status is CycleStatus.CLOSED and not self.is_closing

    @property
    def shown_status(self) -> str:
        """Name the state as the pages do: open, closing or closed."""
        return "closing" if self.is_closing else self.status.value

    def rubric_for(self, kind: str) -> tuple[str, int]:
        if kind == "park":
            return self.park_rubric_id, self.park_rubric_version
        return self.company_rubric_id, self.company_rubric_version

    def __repr__(self) -> str:
        return f"<ReportingCycle {self.id} {self.year} {self.status}>"


def results_frozen() -> ColumnElement[bool]:
    """Return SQL for ReportingCycle.is_closed: closed, results frozen (not still closing)."""
    return and_(
        ReportingCycle.status == CycleStatus.CLOSED,
        or_(ReportingCycle.close_requested_at.is_(None), ReportingCycle.closed_at.is_not(None)),
    )


class LateAllowance(Base):
    """The secretariat let one organisation submit after the cycle's deadline, until `until`.

    `until` is the last day (Beijing) it may submit; None for allowances granted before the
    date existed: they never end, until the secretariat sets a day.
    """

    __tablename__ = "late_allowances"
    __table_args__ = (UniqueConstraint("cycle_id", "organisation_id"), NEVER_REUSE_IDS)

    id: Mapped[intpk]
    cycle_id: Mapped[int] = mapped_column(ForeignKey("reporting_cycles.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    allowed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    allowed_at: Mapped[created_at]
    until: Mapped[dt.date | None] = mapped_column(Date)

    def __repr__(self) -> str:
        return f"<LateAllowance cycle={self.cycle_id} org={self.organisation_id} {self.until}>"


class ItemComment(Base):
    """A note on one item, written when the secretariat returns an assessment for revision.

    `round` is the assessment's `return_round` of the return that wrote the note (every
    return counts, with notes or without), so the organisation sees the notes of the latest
    return only.
    """

    __tablename__ = "return_item_comments"
    __table_args__ = (UniqueConstraint("assessment_id", "round", "item_id"),)

    id: Mapped[intpk]
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    round: Mapped[int]
    item_id: Mapped[str] = mapped_column(String(64))
    comment: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[created_at]

    def __repr__(self) -> str:
        return f"<ItemComment {self.id} a={self.assessment_id} r={self.round} {self.item_id}>"


class ClosedYearPark(Base):
    """The park a company was resident in when its year was closed: a closed year's park.

    Written by the close (cycles.closed_parks) for every company with a park, replaced when
    the year is closed again after a reopen. A closed year's park pages and counts read
    these rows, so a company that moves park later stays under its old park in that year.
    """

    __tablename__ = "closed_year_parks"
    __table_args__ = (UniqueConstraint("cycle_id", "organisation_id"),)

    id: Mapped[intpk]
    cycle_id: Mapped[int] = mapped_column(ForeignKey("reporting_cycles.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    park_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )

    def __repr__(self) -> str:
        return f"<ClosedYearPark cycle={self.cycle_id} org={self.organisation_id} {self.park_id}>"


class ClosedYearGroupMember(Base):
    """A working group an organisation was a member of when its year was closed.

    Written by the close (cycles.closed_groups) for every membership, replaced when the year
    is closed again after a reopen. A closed year's group pages, planning, calibration,
    corrective-action lists and annual outputs read these rows, so a member that moves group
    later stays in its old group in that year.
    """

    __tablename__ = "closed_year_group_members"
    __table_args__ = (UniqueConstraint("cycle_id", "working_group_id", "organisation_id"),)

    id: Mapped[intpk]
    cycle_id: Mapped[int] = mapped_column(ForeignKey("reporting_cycles.id", ondelete="CASCADE"))
    working_group_id: Mapped[int] = mapped_column(
        ForeignKey("working_groups.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )

    def __repr__(self) -> str:
        return (
            f"<ClosedYearGroupMember cycle={self.cycle_id} wg={self.working_group_id}"
            f" org={self.organisation_id}>"
        )


class ClosedYearSignatory(Base):
    """An organisation counted as a signatory of the year (participants.signed_for) at its close.

    Written by the close beside the memberships; a closed year's annual report and workbook
    count 签署承诺书的组织 from these rows, so a commitment suspended later leaves that year alone.
    """

    __tablename__ = "closed_year_signatories"
    __table_args__ = (UniqueConstraint("cycle_id", "organisation_id"),)

    id: Mapped[intpk]
    cycle_id: Mapped[int] = mapped_column(ForeignKey("reporting_cycles.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )

    def __repr__(self) -> str:
        return f"<ClosedYearSignatory cycle={self.cycle_id} org={self.organisation_id}>"
