"""Who is where in a cycle: one row per organisation with status, activity, progress, stars.

Read-only. The secretariat's cycle page and home page, the leads' and the parks' home pages
all read these rows; each page decides which rows its reader may see.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select

from rcapp import db
from rcapp.assessments.completeness import AnswerLike, section_progress
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import answers_by_item, progress_answers, rubric_of
from rcapp.cycles.deadlines import allowed_organisations, has_passed, is_late
from rcapp.cycles.models import ReportingCycle
from rcapp.errors import RcappError
from rcapp.organisations.models import CommitmentStatus, Organisation
from rcapp.rubrics.loader import RubricError


class RowStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    RETURNED = "returned"
    SUBMITTED = "submitted"


# Filters on top of the statuses: "late" (submitted late or overdue), "open" (not submitted).
FILTERS = ("all", "open", *RowStatus, "late")


@dataclass(frozen=True)
class RosterRow:
    organisation: Organisation
    assessment: Assessment | None
    status: RowStatus
    late: bool  # submitted after the deadline, or still open once it has passed
    late_allowed: bool
    last_activity: dt.datetime | None
    # percent of items answered; None if the rubric cannot be read or progress was not asked
    progress: int | None
    stars: int | None

    @property
    def is_open(self) -> bool:
        return self.status is not RowStatus.SUBMITTED


def organisations_in(cycle: ReportingCycle) -> list[Organisation]:
    """Organisations that signed the commitment, plus any that started this cycle anyway."""
    started = select(Assessment.organisation_id).where(Assessment.cycle_id == cycle.id)
    statement = (
        select(Organisation)
        .where(
            or_(
                Organisation.commitment_status == CommitmentStatus.SIGNED,
                Organisation.id.in_(started),
            )
        )
        .order_by(Organisation.name_zh)
    )
    return list(db.session().scalars(statement))


def roster(cycle: ReportingCycle, today: dt.date, with_progress: bool = False) -> list[RosterRow]:
    """One row per organisation in `cycle`, in name order.

    Progress (`with_progress`) reads every answer of the year: only the organisations page
    shows it; the counts, reminders and home panels do without.
    """
    assessments = {
        a.organisation_id: a
        for a in db.session().scalars(select(Assessment).where(Assessment.cycle_id == cycle.id))
    }
    answers = progress_answers(cycle.id) if with_progress else {}
    allowed = allowed_organisations(cycle.id)
    overdue = has_passed(cycle, today)
    rows = []
    for organisation in organisations_in(cycle):
        assessment = assessments.get(organisation.id)
        status = RowStatus(assessment.status.value) if assessment else RowStatus.NOT_STARTED
        submitted = status is RowStatus.SUBMITTED
        rows.append(
            RosterRow(
                organisation=organisation,
                assessment=assessment,
                status=status,
                late=is_late(cycle, assessment.submitted_at)
                if submitted and assessment
                else overdue,
                late_allowed=organisation.id in allowed,
                last_activity=_last_activity(assessment),
                progress=progress_of(
                    assessment, None if assessment is None else answers.get(assessment.id, {})
                )
                if with_progress
                else None,
                stars=assessment.stars if assessment and submitted else None,
            )
        )
    return rows


def _last_activity(assessment: Assessment | None) -> dt.datetime | None:
    if assessment is None:
        return None
    moments = [m for m in (assessment.updated_at, assessment.submitted_at) if m is not None]
    return max(moments) if moments else None


def progress_of(
    assessment: Assessment | None, answers: Mapping[str, AnswerLike] | None = None
) -> int | None:
    """Percent of the rubric's items answered (N/A sections count as done).

    `answers` by item id, if already read (the roster reads a whole cycle's at once).
    """
    if assessment is None:
        return 0
    try:
        rubric = rubric_of(assessment)
    except (RcappError, RubricError):
        return None
    given = answers_by_item(assessment) if answers is None else answers
    sections = section_progress(rubric, given)
    total = sum(s.total for s in sections)
    return 100 if total == 0 else sum(s.done for s in sections) * 100 // total


def select_rows(rows: Iterable[RosterRow], status: str, kind: str, text: str) -> list[RosterRow]:
    """Keep the rows matching the status filter (see FILTERS), organisation kind and text."""
    needle = text.strip().lower()
    return [
        row
        for row in rows
        if _matches_status(row, status)
        and (not kind or row.organisation.kind.value == kind)
        and (
            not needle
            or needle in row.organisation.name_zh.lower()
            or needle in (row.organisation.name_en or "").lower()
        )
    ]


def _matches_status(row: RosterRow, status: str) -> bool:
    if status in ("", "all"):
        return True
    if status == "open":
        return row.is_open
    if status == "late":
        return row.late
    return row.status.value == status


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_STATUS_ORDER = {s: i for i, s in enumerate(RowStatus)}


def _name(lang: str) -> Callable[[RosterRow], str]:
    # English: the English name, ignoring case. Chinese: by code point, because no pinyin
    # or collation library (ICU, a zh_CN locale) is installed; the column's help says so.
    if lang == "en":
        return lambda r: r.organisation.display_name("en").casefold()
    return lambda r: r.organisation.name_zh


def _sorts(lang: str) -> dict[str, Callable[[RosterRow], Any]]:
    name = _name(lang)
    return {
        "name": name,
        "status": lambda r: (_STATUS_ORDER[r.status], name(r)),
        "activity": lambda r: (r.last_activity is not None, r.last_activity or _EPOCH),
        "progress": lambda r: (r.progress is not None, r.progress or 0),
        "stars": lambda r: (r.stars is not None, r.stars or 0),
    }


def sort_rows(
    rows: Iterable[RosterRow], key: str, descending: bool, lang: str = "zh"
) -> list[RosterRow]:
    """Sort by one of SORT_KEYS (unknown keys sort by name); rows without a value go last.

    Names sort in the page's language `lang` ("zh" or "en").
    """
    sorts = _sorts(lang)
    ordered = sorted(rows, key=sorts["name"])
    if key not in sorts or key == "name":
        return list(reversed(ordered)) if descending else ordered
    with_value = sorted(ordered, key=sorts[key], reverse=descending)
    if key in ("activity", "progress", "stars"):
        # (has value, value): with reverse the empty ones come last already; without, move them.
        empty = [r for r in with_value if not sorts[key](r)[0]]
        return [r for r in with_value if sorts[key](r)[0]] + empty
    return with_value
