"""Assessment, answer, KPI value, event and evidence-attachment tables."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import ClassVar, Final

from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rcapp.assessments.file_columns import StoredFileColumns
from rcapp.cycles.models import ReportingCycle
from rcapp.db import NEVER_REUSE_IDS, Base, UTCDateTime, created_at, intpk, str_enum, utcnow
from rcapp.organisations.models import Organisation


class AssessmentStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"  # sent back by the secretariat for revision; editable again


EDITABLE_STATUSES: Final = frozenset({AssessmentStatus.DRAFT, AssessmentStatus.RETURNED})


class Assessment(Base):
    __tablename__ = "assessments"
    permission_subject: ClassVar[str] = "assessment"  # rcapp.permissions.Subject
    __table_args__ = (UniqueConstraint("organisation_id", "cycle_id"),)

    id: Mapped[intpk]
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    cycle_id: Mapped[int] = mapped_column(ForeignKey("reporting_cycles.id"))
    rubric_id: Mapped[str] = mapped_column(String(64))
    rubric_version: Mapped[int]
    rubric_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[AssessmentStatus] = mapped_column(
        str_enum(AssessmentStatus, "assessment_status"), default=AssessmentStatus.DRAFT
    )
    created_at: Mapped[created_at]
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Submitted after the cycle's deadline in force at that moment (it needed an allowance):
    # judged at submit (deadlines.submitted_after_deadline), never relabelled by a later change.
    submitted_late: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    return_comment: Mapped[str | None] = mapped_column(Text)
    # How many times it was returned for revision; item notes carry the round they came with
    # (ItemComment.round), so a plain return shows none of the notes of an earlier one.
    return_round: Mapped[int] = mapped_column(default=0, server_default="0")
    # Stored at submit for listing and sorting; always equal to a fresh computation.
    overall_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    stars: Mapped[int | None]
    # A standing verification and good-practice case (recognition_models), kept here by the
    # recognition services: every rating reads them with the assessment, no statement more.
    is_verified: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    has_good_practice_case: Mapped[bool] = mapped_column(default=False, server_default=sa_false())

    organisation: Mapped[Organisation] = relationship()
    cycle: Mapped[ReportingCycle] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )
    kpi_values: Mapped[list[KpiValue]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )
    kpi_targets: Mapped[list[KpiTarget]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="KpiTarget.id"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )
    snapshots: Mapped[list[ScorecardSnapshot]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def __repr__(self) -> str:
        return f"<Assessment {self.id} org={self.organisation_id} cycle={self.cycle_id}>"


class Answer(Base):
    """The organisation's own answer to one item or prerequisite (reviewers' are kept apart)."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("assessment_id", "item_id"),)

    id: Mapped[intpk]
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(64))
    level: Mapped[int | None]  # maturity 0-4; yes/no and prerequisites as 1/0
    value: Mapped[Decimal | None] = mapped_column(Numeric(20, 6))  # number items
    is_na: Mapped[bool] = mapped_column(default=False)
    na_reason: Mapped[str | None] = mapped_column(Text)
    evidence_note: Mapped[str | None] = mapped_column(Text)
    comment: Mapped[str | None] = mapped_column(Text)
    # The year of the assessment the answer was copied from, until a save of its page.
    copied_from_year: Mapped[int | None]
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Optimistic locking: every UPDATE is "... WHERE version = <read>" (see changes.py).
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    assessment: Mapped[Assessment] = relationship(back_populates="answers")
    __mapper_args__ = {"version_id_col": version}

    @property
    def kept_na_reason(self) -> str:
        """The reason for N/A as it counts: only with N/A (one left beside a level never did)."""
        return (self.na_reason or "") if self.is_na else ""

    def __repr__(self) -> str:
        return f"<Answer {self.id} {self.item_id} level={self.level} na={self.is_na}>"


class KpiValue(Base):
    """One raw KPI input (hours, counts, tonnes...) as reported; rates are computed."""

    __tablename__ = "kpi_values"
    __table_args__ = (UniqueConstraint("assessment_id", "input_id"),)

    id: Mapped[intpk]
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    input_id: Mapped[str] = mapped_column(String(64))
    value: Mapped[Decimal] = mapped_column(Numeric(20, 6))
    note: Mapped[str | None] = mapped_column(Text)
    # Who last saved it, named when a colleague's stale save is refused. No foreign key (the
    # migration adds a plain column); a user who is gone is read as nobody.
    updated_by_id: Mapped[int | None]
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    assessment: Mapped[Assessment] = relationship(back_populates="kpi_values")
    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<KpiValue {self.input_id}={self.value}>"


class KpiBackfill(Base):
    """A core KPI input of an earlier year the organisation had no assessment in (qa63).

    Self-declared backfill ("往年数据（补录）"), entered with the assessment of a later,
    open year before it is submitted; never a closed year's own data (kpi_values). Only the
    assessments of `entered_year` and later read it, so a rating already worked out never
    changes because of a backfill entered afterwards.
    """

    __tablename__ = "kpi_backfills"
    __table_args__ = (UniqueConstraint("organisation_id", "year", "input_id"),)

    id: Mapped[intpk]
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    year: Mapped[int]
    input_id: Mapped[str] = mapped_column(String(64))
    value: Mapped[Decimal] = mapped_column(Numeric(20, 6))
    note: Mapped[str | None] = mapped_column(Text)
    # the assessment it was entered with (editable only from it) and that one's year
    entered_in_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessments.id", ondelete="SET NULL")
    )
    entered_year: Mapped[int]
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None]  # no foreign key, as kpi_values.updated_by_id
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<KpiBackfill {self.organisation_id} {self.year} {self.input_id}={self.value}>"


class KpiTarget(Base):
    """The organisation's own target for one KPI (the engine's `Target`).

    Either `value` (the KPI value to reach by `deadline`) or `change_pct` (the change in %
    on the base year's value, -8 is "8 % lower") is set, never both.
    """

    __tablename__ = "kpi_targets"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[intpk]
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    kpi_id: Mapped[str] = mapped_column(String(64))
    base_year: Mapped[int]
    deadline: Mapped[int]  # the year by which the target is due
    value: Mapped[Decimal | None] = mapped_column(Numeric(20, 6))
    change_pct: Mapped[Decimal | None] = mapped_column(Numeric(20, 6))
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    assessment: Mapped[Assessment] = relationship(back_populates="kpi_targets")
    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<KpiTarget {self.kpi_id} {self.base_year}->{self.deadline}>"


class Event(Base):
    """An accident or incident on the organisation's register; vetoes read these."""

    __tablename__ = "events"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[intpk]
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    recorded_in_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessments.id", ondelete="SET NULL")
    )
    event_type: Mapped[str] = mapped_column(String(64))
    grade: Mapped[str | None] = mapped_column(String(32))
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    fatalities: Mapped[int] = mapped_column(default=0)
    injuries: Mapped[int] = mapped_column(default=0)
    direct_loss_10k_yuan: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    description: Mapped[str] = mapped_column(Text)
    is_resolved: Mapped[bool] = mapped_column(default=False)
    # A park's event: the resident company where it happened (None: the park itself).
    # A company's own events never name one (rcapp.assessments.event_residents).
    resident_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    # Or a resident not registered in rcapp, by the name the park typed and an optional
    # unified social credit code; never both with resident_id.
    resident_name: Mapped[str | None] = mapped_column(String(200))
    resident_credit_code: Mapped[str | None] = mapped_column(String(18))
    created_at: Mapped[created_at]
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    resident: Mapped[Organisation | None] = relationship(foreign_keys=[resident_id])
    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.event_type} {self.occurred_on}>"


class Attachment(Base, StoredFileColumns):
    """An evidence file; stored outside the web root under a random name."""

    __tablename__ = "attachments"
    # Every answer page reads its items' files: without it each read scans every file.
    __table_args__ = (
        Index("ix_attachments_assessment_id_item_id", "assessment_id", "item_id"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[intpk]
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(64))

    assessment: Mapped[Assessment] = relationship(back_populates="attachments")

    def __repr__(self) -> str:
        return f"<Attachment {self.id} {self.item_id} {self.original_name!r}>"


class SnapshotKind(enum.StrEnum):
    SELF = "self"  # the self-assessment as submitted
    FINAL = "final"  # the levels settled after peer review (written by the review work)
    FROZEN = "frozen"  # the published result, written when the cycle closes
    # The final rating an upheld appeal reopened, kept (the latest only) while the lead
    # reviews again and for the re-rating mail; no listing counts it.
    APPEALED = "appealed"


class ScorecardSnapshot(Base):
    """A scorecard kept as computed (codec JSON), so pages and reports never recompute it.

    One per assessment and kind; writing again replaces it. The rubric version and hash and
    the codec version say exactly what produced it; overall score and stars are copied out
    for listing and sorting.
    """

    __tablename__ = "scorecard_snapshots"
    __table_args__ = (UniqueConstraint("assessment_id", "kind"),)

    id: Mapped[intpk]
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    kind: Mapped[SnapshotKind] = mapped_column(str_enum(SnapshotKind, "snapshot_kind"))
    rubric_id: Mapped[str] = mapped_column(String(64))
    rubric_version: Mapped[int]
    rubric_sha256: Mapped[str] = mapped_column(String(64))
    codec_version: Mapped[int]
    computed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    scorecard: Mapped[str] = mapped_column(Text)  # rcapp.scoring.codec document
    review_context: Mapped[str] = mapped_column(Text)  # ReviewContext as a JSON object
    overall_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    stars: Mapped[int]
    rated: Mapped[bool]

    assessment: Mapped[Assessment] = relationship(back_populates="snapshots")

    def __repr__(self) -> str:
        return f"<ScorecardSnapshot {self.id} assessment={self.assessment_id} {self.kind}>"


class SnapshotSectionScore(Base):
    """A snapshot's section score copied out, so a cycle's section scores are one query.

    Written with the snapshot (benchmarks read them for every member of every peer group);
    None when the section is N/A.
    """

    __tablename__ = "snapshot_section_scores"
    __table_args__ = (UniqueConstraint("snapshot_id", "section_id"),)

    id: Mapped[intpk]
    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("scorecard_snapshots.id", ondelete="CASCADE"), index=True
    )
    section_id: Mapped[str] = mapped_column(String(64))
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
