"""Peer-review tables: the review of an assessment, its reviewers, their decisions and the outcome.

A `Review` is the lead's file on one submitted assessment (desk or on-site, in review or
final). Each `ReviewAssignment` is one reviewer from another member organisation; the
reviewer's per-item `ItemDecision` rows sit beside the organisation's own answers, which
are never overwritten. The lead's `Settlement` rows decide flagged items; `Finding` rows
carry strengths, improvement opportunities and corrective actions (which the organisation
closes with evidence for the lead to accept); an `Appeal` contests a final rating.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from decimal import Decimal

from sqlalchemy import (
    ColumnElement,
    Date,
    Exists,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    exists,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rcapp.accounts.models import User
from rcapp.assessments.file_columns import StoredFileColumns
from rcapp.assessments.models import Assessment
from rcapp.db import NEVER_REUSE_IDS, Base, UTCDateTime, created_at, intpk, str_enum
from rcapp.organisations.models import Organisation


class ReviewKind(enum.StrEnum):
    DESK = "desk"  # evidence only
    ONSITE = "onsite"  # with a site visit; needs at least two reviewers


class ReviewStatus(enum.StrEnum):
    IN_REVIEW = "in_review"
    FINAL = "final"


class AssignmentStatus(enum.StrEnum):
    ASSIGNED = "assigned"
    SUBMITTED = "submitted"


class Decision(enum.StrEnum):
    ACCEPT = "accept"  # the self level stands
    ADJUST = "adjust"  # another level, with a reason
    NA_ACCEPT = "na_accept"  # the N/A claim stands
    NA_REJECT = "na_reject"  # the item applies: a level, with a reason


class FindingKind(enum.StrEnum):
    STRENGTH = "strength"
    IMPROVEMENT = "improvement"
    CORRECTIVE_ACTION = "corrective_action"


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # the organisation closed it with evidence; the lead has to accept
    ACCEPTED = "accepted"


class AppealStatus(enum.StrEnum):
    OPEN = "open"
    UPHELD = "upheld"
    DISMISSED = "dismissed"


class Review(Base):
    __tablename__ = "reviews"

    id: Mapped[intpk]
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), unique=True
    )
    kind: Mapped[ReviewKind] = mapped_column(str_enum(ReviewKind, "review_kind"))
    status: Mapped[ReviewStatus] = mapped_column(
        str_enum(ReviewStatus, "review_status"), default=ReviewStatus.IN_REVIEW
    )
    created_at: Mapped[created_at]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    finalised_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    finalised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Stored at finalisation for listing; the final scorecard itself is the final snapshot.
    final_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    final_stars: Mapped[int | None]
    appeal_until: Mapped[dt.date | None] = mapped_column(Date)
    # The working group the review was set up in: its lead and deputy run it, confirm its
    # corrective actions and are told of them (an organisation may be in several groups).
    # No foreign key (see its migration): a group since deleted reads as none.
    working_group_id: Mapped[int | None]
    # The risk sample chosen when the review was opened (JSON lists of ids; see rules.py).
    sample_items: Mapped[str] = mapped_column(Text, default="[]")
    sample_kpis: Mapped[str] = mapped_column(Text, default="[]")
    # The day of the site visit, set when an on-site review is assigned (None: a desk
    # review, or one assigned before the day was asked).
    visit_on: Mapped[dt.date | None] = mapped_column(Date)

    assessment: Mapped[Assessment] = relationship()
    assignments: Mapped[list[ReviewAssignment]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="ReviewAssignment.id"
    )
    settlements: Mapped[list[Settlement]] = relationship(
        back_populates="review", cascade="all, delete-orphan"
    )
    findings: Mapped[list[Finding]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="Finding.id"
    )
    appeals: Mapped[list[Appeal]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="Appeal.id"
    )

    @property
    def is_final(self) -> bool:
        return self.status is ReviewStatus.FINAL

    @property
    def has_outcome(self) -> bool:
        """Final, or reopened by an upheld appeal: its findings and actions stand meanwhile."""
        return self.is_final or any(a.status is AppealStatus.UPHELD for a in self.appeals)

    @property
    def sample(self) -> list[str]:
        return list(json.loads(self.sample_items))

    @property
    def kpis_to_check(self) -> list[str]:
        return list(json.loads(self.sample_kpis))

    @property
    def submitted_assignments(self) -> list[ReviewAssignment]:
        return [a for a in self.assignments if a.is_submitted]

    @property
    def sent_findings(self) -> list[Finding]:
        """The findings that go to the organisation: submitted work the lead did not drop.

        Reopened by an appeal, a reviewer added since may have drafts: they are not sent.
        """
        submitted = {a.id for a in self.submitted_assignments}
        return [
            f
            for f in self.findings
            if not f.is_dropped and (f.assignment_id is None or f.assignment_id in submitted)
        ]

    def __repr__(self) -> str:
        return f"<Review {self.id} assessment={self.assessment_id} {self.kind} {self.status}>"


class ReviewAssignment(Base):
    __tablename__ = "review_assignments"
    __table_args__ = (UniqueConstraint("review_id", "reviewer_id"), NEVER_REUSE_IDS)

    id: Mapped[intpk]
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reviewer_organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE")
    )
    status: Mapped[AssignmentStatus] = mapped_column(
        str_enum(AssignmentStatus, "assignment_status"), default=AssignmentStatus.ASSIGNED
    )
    assigned_at: Mapped[created_at]
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # The day the reviewer's conclusions are due, chosen when assigned (None: one made
    # before it was asked, due `REVIEW_DUE_DAYS` days after `assigned_at`; home_panel.due_on).
    due_on: Mapped[dt.date | None] = mapped_column(Date)

    review: Mapped[Review] = relationship(back_populates="assignments")
    reviewer: Mapped[User] = relationship(foreign_keys=[reviewer_id])
    reviewer_organisation: Mapped[Organisation] = relationship()
    decisions: Mapped[list[ItemDecision]] = relationship(
        back_populates="assignment", cascade="all, delete-orphan"
    )

    @property
    def is_submitted(self) -> bool:
        return self.status is AssignmentStatus.SUBMITTED

    def __repr__(self) -> str:
        return f"<ReviewAssignment {self.id} review={self.review_id} user={self.reviewer_id}>"


class ItemDecision(Base):
    """One reviewer's decision on one item; `level` is set for adjust and na_reject."""

    __tablename__ = "review_item_decisions"
    __table_args__ = (UniqueConstraint("assignment_id", "item_id"), NEVER_REUSE_IDS)

    id: Mapped[intpk]
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("review_assignments.id", ondelete="CASCADE")
    )
    item_id: Mapped[str] = mapped_column(String(64))
    decision: Mapped[Decision] = mapped_column(str_enum(Decision, "review_decision"))
    level: Mapped[int | None]
    reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[created_at]

    assignment: Mapped[ReviewAssignment] = relationship(back_populates="decisions")

    def __repr__(self) -> str:
        return f"<ItemDecision {self.item_id} {self.decision} level={self.level}>"


class Settlement(Base):
    """The lead's decision on one item; `level` None means the N/A claim is upheld."""

    __tablename__ = "review_settlements"
    __table_args__ = (UniqueConstraint("review_id", "item_id"),)

    id: Mapped[intpk]
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(64))
    level: Mapped[int | None]
    reason: Mapped[str] = mapped_column(Text)
    settled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    settled_at: Mapped[created_at]

    review: Mapped[Review] = relationship(back_populates="settlements")

    def __repr__(self) -> str:
        return f"<Settlement {self.item_id} level={self.level}>"


class Finding(Base):
    """A strength, improvement opportunity or corrective action from one reviewer."""

    __tablename__ = "review_findings"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[intpk]
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("review_assignments.id", ondelete="SET NULL")
    )
    item_id: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[FindingKind] = mapped_column(str_enum(FindingKind, "finding_kind"))
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(100))
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[created_at]
    # Corrective actions only: the organisation closes, the lead accepts.
    action_status: Mapped[ActionStatus | None] = mapped_column(
        str_enum(ActionStatus, "action_status")
    )
    closing_evidence: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Why the lead last sent a closed action back (kept when it is closed again, as history).
    reopen_reason: Mapped[str | None] = mapped_column(Text)
    # An evidence file uploaded when the action was closed (assessments.storage checks it).
    closing_file_name: Mapped[str | None] = mapped_column(String(255))
    closing_file_stored: Mapped[str | None] = mapped_column(String(64), unique=True)
    closing_file_type: Mapped[str | None] = mapped_column(String(100))
    closing_file_size: Mapped[int | None]
    closing_file_sha256: Mapped[str | None] = mapped_column(String(64))
    # Dropped by the lead before finalising, with the reason: kept for the reviewer and the
    # audit, never sent to the organisation (lead_findings.py).
    dropped_reason: Mapped[str | None] = mapped_column(Text)
    dropped_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    dropped_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    review: Mapped[Review] = relationship(back_populates="findings")
    # Photos and files the reviewer attached (finding_files.py); they go with the finding.
    files: Mapped[list[FindingFile]] = relationship(
        back_populates="finding", cascade="all, delete-orphan", order_by="FindingFile.id"
    )

    @property
    def is_dropped(self) -> bool:
        return self.dropped_at is not None

    def __repr__(self) -> str:
        return f"<Finding {self.id} {self.kind} item={self.item_id}>"


class FindingFile(Base, StoredFileColumns):
    """A photo or file a reviewer attached to a finding; stored as evidence is (storage.py)."""

    __tablename__ = "review_finding_files"
    __table_args__ = (Index("ix_review_finding_files_finding_id", "finding_id"), NEVER_REUSE_IDS)

    id: Mapped[intpk]
    finding_id: Mapped[int] = mapped_column(ForeignKey("review_findings.id", ondelete="CASCADE"))

    finding: Mapped[Finding] = relationship(back_populates="files")

    def __repr__(self) -> str:
        return f"<FindingFile {self.id} finding={self.finding_id} {self.original_name!r}>"


class Appeal(Base):
    __tablename__ = "review_appeals"
    # One open appeal per review, held by the database: two filed at once cannot both stay.
    __table_args__ = (
        Index(
            "uq_review_appeals_open",
            "review_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )

    id: Mapped[intpk]
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text)
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    filed_at: Mapped[created_at]
    status: Mapped[AppealStatus] = mapped_column(
        str_enum(AppealStatus, "appeal_status"), default=AppealStatus.OPEN
    )
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    review: Mapped[Review] = relationship(back_populates="appeals")
    # The items the organisation disputes; none: the rating as a whole.
    items: Mapped[list[AppealItem]] = relationship(
        cascade="all, delete-orphan", order_by="AppealItem.item_id"
    )

    @property
    def item_ids(self) -> list[str]:
        return [i.item_id for i in self.items]

    def __repr__(self) -> str:
        return f"<Appeal {self.id} review={self.review_id} {self.status}>"


class AppealItem(Base):
    """An item of the review an appeal names as disputed."""

    __tablename__ = "review_appeal_items"

    appeal_id: Mapped[int] = mapped_column(
        ForeignKey("review_appeals.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[str] = mapped_column(String(64), primary_key=True)


class DeclaredConflict(Base):
    """A reviewer's declared conflict of interest with an organisation."""

    __tablename__ = "review_declared_conflicts"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[created_at]

    organisation: Mapped[Organisation] = relationship()

    def __repr__(self) -> str:
        return f"<DeclaredConflict user={self.user_id} org={self.organisation_id}>"


def has_outcome_clause() -> ColumnElement[bool]:
    """`Review.has_outcome` in SQL: final, or reopened by an upheld appeal (QA57 M1).

    A list that asked only for final reviews left out the actions of a reopened one,
    which its final page still lists.
    """
    return (Review.status == ReviewStatus.FINAL) | appeal_exists(AppealStatus.UPHELD)


def appeal_exists(status: AppealStatus) -> Exists:
    """In SQL over `Review`: the review has an appeal in `status` (open, upheld, ...)."""
    return exists().where(Appeal.review_id == Review.id, Appeal.status == status).correlate(Review)
