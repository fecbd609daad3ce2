"""The report-job table: long report work queued for the worker, its progress and its file."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rcapp.db import Base, UTCDateTime, created_at, intpk, str_enum, utcnow


class JobKind(enum.StrEnum):
    ANNUAL_REPORT = "annual_report"  # the annual report PDF of a cycle
    ANNUAL_WORKBOOK = "annual_workbook"  # the secretariat's annual workbook
    SCORECARDS = "scorecards"  # every scorecard of a cycle, zipped
    IMPORT = "import"  # a filled assessment template, checked (and applied when asked)
    AUDIT_LOG = "audit_log"  # the audit log as .xlsx, with the filters it was asked with
    SCORECARD = "scorecard"  # one assessment's PDF scorecard, keyed by the content it shows
    RECOMPUTE = "recompute"  # an open year's stored results recomputed; no file, see params


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ReportJob(Base):
    __tablename__ = "report_jobs"
    # One edition number per year, kind and language (NULLs, the unpublished, are distinct).
    __table_args__ = (
        Index("uq_report_jobs_edition", "cycle_id", "kind", "lang", "edition", unique=True),
    )

    id: Mapped[intpk]
    kind: Mapped[JobKind] = mapped_column(str_enum(JobKind, "report_job_kind"))
    status: Mapped[JobStatus] = mapped_column(
        str_enum(JobStatus, "report_job_status"), default=JobStatus.QUEUED
    )
    cycle_id: Mapped[int | None] = mapped_column(
        ForeignKey("reporting_cycles.id", ondelete="CASCADE")
    )
    lang: Mapped[str] = mapped_column(String(8), default="zh")
    params: Mapped[str | None] = mapped_column(Text)  # JSON: anything else the kind needs
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    progress: Mapped[int] = mapped_column(default=0)  # 0-100
    error: Mapped[str | None] = mapped_column(Text)
    result_name: Mapped[str | None] = mapped_column(String(200))  # the download's file name
    result_file: Mapped[str | None] = mapped_column(String(64))  # random name on disk
    result_mime: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[created_at]
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # Published as the year's edition N (rcapp.reports.editions): kept for good, never expires.
    edition: Mapped[int | None]
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None]  # no foreign key (see its migration): gone reads as nobody
    # What an edition above 1 corrected, as the secretariat typed it at publish (更正说明)
    correction_note: Mapped[str | None] = mapped_column(Text)

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    def is_expired(self, now: dt.datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now

    def __repr__(self) -> str:
        return f"<ReportJob {self.id} {self.kind} {self.status} {self.progress}%>"
