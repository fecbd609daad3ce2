"""What a kept section page's key and permission checks read of an assessment, as plain values.

Loading the assessment with its organisation and cycle as ORM objects cost more than any
other statement of a kept page's request. A request that is served a kept page reads
these few columns instead (one statement of table columns); the permission rules read
them like the ORM objects (`permission_subject`, `organisation`, `cycle`, `status`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import Select, bindparam, null, select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.models import EDITABLE_STATUSES, Assessment, AssessmentStatus
from rcapp.assessments.review_hook import UnderwayColumn, review_underway_column
from rcapp.cycles.models import CycleStatus, ReportingCycle
from rcapp.organisations.models import Organisation, display_name


@dataclass(frozen=True, slots=True)
class OrganisationFacts:
    """An organisation's id and names.

    No working groups: only its members and the secretariat are served from these
    (rcapp.assessments.views.kept_section).
    """

    permission_subject: ClassVar[str] = "organisation"
    id: int
    name_zh: str
    name_en: str | None

    def display_name(self, lang: str) -> str:
        return display_name(self.name_zh, self.name_en, lang)


@dataclass(frozen=True, slots=True)
class CycleFacts:
    year: int
    status: CycleStatus
    id: int = 0  # the deadline rules read these two (cycles.deadlines.DatedCycle)
    deadline: dt.date = dt.date.max

    @property
    def is_open(self) -> bool:
        return self.status is CycleStatus.OPEN


@dataclass(frozen=True, slots=True)
class AssessmentFacts:
    permission_subject: ClassVar[str] = "assessment"  # rcapp.permissions.Subject
    id: int
    organisation_id: int
    status: AssessmentStatus
    return_round: int
    rubric_id: str
    rubric_version: int
    rubric_sha256: str
    organisation: OrganisationFacts
    cycle: CycleFacts
    submitted_at: dt.datetime | None = None  # what a read-only page's lock notice says
    submitted_by_id: int | None = None
    submitted_by_name: str | None = None  # None: no such user (any more)
    review_underway: bool | None = None  # a peer review in progress; None: not known here

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


_a = Assessment.__table__.c
_o = Organisation.__table__.c
_c = ReportingCycle.__table__.c
_submitter = User.__table__.alias("submitter")
# Built once per reviews column (one per process): every kept section page runs it (plain
# columns skip the ORM's handling).
_FACTS: dict[UnderwayColumn | None, Select[Any]] = {}


def _facts_statement() -> Select[Any]:
    underway = review_underway_column()
    found = _FACTS.get(underway)
    if found is None:
        columns: tuple[Any, ...] = (
            _a.id,
            _a.organisation_id,
            _a.status,
            _a.return_round,
            _a.rubric_id,
            _a.rubric_version,
            _a.rubric_sha256,
            _o.name_zh,
            _o.name_en,
            _c.year,
            _c.status,
            _a.submitted_at,
            _a.submitted_by_id,
            _submitter.c.name,
            null() if underway is None else underway(_a.id),
            _c.id,
            _c.deadline,
        )
        found = (
            select(*columns)
            .join_from(Assessment.__table__, Organisation.__table__, _o.id == _a.organisation_id)
            .join(ReportingCycle.__table__, _c.id == _a.cycle_id)
            .outerjoin(_submitter, _submitter.c.id == _a.submitted_by_id)
            .where(_a.id == bindparam("assessment_id"))
        )
        _FACTS[underway] = found
    return found


def assessment_facts(assessment_id: int) -> AssessmentFacts | None:
    """Read the assessment's facts (None: no such assessment), flushing pending changes first."""
    session = db.session()
    if session.autoflush and (session.new or session.dirty or session.deleted):
        session.flush()
    statement = _facts_statement()
    row = session.connection().execute(statement, {"assessment_id": assessment_id}).one_or_none()
    if row is None:
        return None
    (id_, organisation_id, status, return_round, rubric_id, version, sha256) = row[:7]
    name_zh, name_en, year, cycle_status, submitted_at, submitted_by_id = row[7:13]
    submitted_by_name, underway, cycle_id, deadline = row[13:]
    return AssessmentFacts(
        id=id_,
        organisation_id=organisation_id,
        status=status,
        return_round=return_round,
        rubric_id=rubric_id,
        rubric_version=version,
        rubric_sha256=sha256,
        organisation=OrganisationFacts(organisation_id, name_zh, name_en),
        cycle=CycleFacts(year, cycle_status, cycle_id, deadline),
        submitted_at=submitted_at,
        submitted_by_id=submitted_by_id,
        submitted_by_name=submitted_by_name,
        review_underway=None if underway is None else bool(underway),
    )
