"""Who is where in a cycle: one row per organisation with status, activity, progress, stars.

Read-only. The secretariat's cycle page and home page, the leads' and the parks' home pages
all read these rows; each page decides which rows its reader may see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import NamedTuple

from sqlalchemy import or_, select

from rcapp import db
from rcapp.assessments.completeness import AnsweredIds, progress_percent
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import answered_ids, rated_stars, rubric_of
from rcapp.assessments.review_hook import review_states
from rcapp.assessments.roster_filter import RosterFilter, keeps
from rcapp.assessments.roster_order import sort_rows
from rcapp.assessments.roster_rows import RosterRow, RowStatus
from rcapp.assessments.year_members import taking_part
from rcapp.cycles import tally
from rcapp.cycles.closed_groups import member_ids, signatory_in
from rcapp.cycles.deadlines import is_late, own_deadlines
from rcapp.cycles.models import ReportingCycle
from rcapp.cycles.participants import is_paused, is_unsigned
from rcapp.cycles.reminders import LastReminder
from rcapp.errors import RcappError
from rcapp.organisations.models import Organisation
from rcapp.pagination import Page, page_number
from rcapp.rubrics.loader import RubricError

# The count of open rows not reminded (commitment suspended or withdrawn), beside tally's.
PAUSED_KEY = "paused"
# The count of rows whose organisation has not signed (started before outside_year refused
# it, QA63 M1): counted as the list shows them, and said beside the counts.
UNSIGNED_KEY = "unsigned"


def organisations_in(
    cycle: ReportingCycle, only: Collection[int] | None = None
) -> list[Organisation]:
    """List the year's signatories and any that started it anyway.

    A closed year's signatories are the ones kept at its close (closed_groups), so one
    withdrawn since stays on that year's pages; an open year's are today's (participants).
    `only` these organisations, if given.
    """
    statement = select(Organisation).where(taking_part(cycle))
    if only is not None:
        statement = statement.where(Organisation.id.in_(only))
    return list(
        db.session().scalars(statement.order_by(Organisation.name_sort, Organisation.name_zh))
    )


def roster(
    cycle: ReportingCycle, today: dt.date, only: Collection[int] | None = None
) -> list[RosterRow]:
    """One row per organisation in `cycle` (`only` these, if given), in name order.

    Without progress, which reads answers: `with_progress` adds it to the rows a page
    shows. A lead's or a park's panel passes its members as `only`: a year of 26,000
    organisations costs a second or more to read whole.
    """
    statement = select(Assessment).where(Assessment.cycle_id == cycle.id)
    if only is not None:
        statement = statement.where(Assessment.organisation_id.in_(only))
    assessments = {a.organisation_id: a for a in db.session().scalars(statement)}
    rated = rated_stars(cycle_id=cycle.id)
    reviews = review_states(cycle.id)
    own = own_deadlines(cycle)
    rows = []
    for organisation in organisations_in(cycle, only):
        assessment = assessments.get(organisation.id)
        status = RowStatus(assessment.status.value) if assessment else RowStatus.NOT_STARTED
        submitted = status is RowStatus.SUBMITTED
        deadline = own.of(organisation.id)
        # A finished peer review's final rating stands while the answers are back for
        # revision (returning does not withdraw it), as the review page and exports show.
        kept = rated.get(assessment.id) if assessment else None
        if not submitted and not (kept is not None and kept.final):
            kept = None
        rows.append(
            RosterRow(
                organisation=organisation,
                assessment=assessment,
                status=status,
                late=is_late(
                    deadline,
                    today,
                    submitted=submitted,
                    submitted_late=assessment.submitted_late if assessment else False,
                ),
                late_allowed=deadline.allowed,
                last_activity=_last_activity(assessment),
                progress=None,
                stars=assessment.stars if assessment and submitted else None,
                rated=kept,
                late_until=deadline.until,
                allowance_over=deadline.allowance_over(today),
                extended_to=deadline.day if deadline.extended else None,
                review=reviews.get(assessment.id) if assessment else None,
                ended_by_close=cycle.is_closed and not submitted and deadline.allowed,
                before_deadline=today <= cycle.deadline,
            )
        )
    return rows


class _Counted(NamedTuple):
    """What counting needs of a row (tally.RowLike), read without loading any object."""

    status: RowStatus
    late: bool
    late_allowed: bool

    @property
    def is_open(self) -> bool:
        return self.status is not RowStatus.SUBMITTED


def status_counts(cycle: ReportingCycle, today: dt.date) -> dict[str, int]:
    """Count the roster's rows as tally.counts does, from four columns per organisation.

    Plus PAUSED_KEY: the open ones whose commitment is suspended or withdrawn (not reminded),
    and UNSIGNED_KEY: the ones whose organisation has not signed its commitment.

    The cycle page and the secretariat's home page show only these counts: reading the
    whole roster of 26,000 organisations as objects took over a second each.
    """
    own = own_deadlines(cycle)
    rows = (
        db.session()
        .connection()
        .execute(
            select(
                Organisation.id,
                Assessment.status,
                Assessment.submitted_late,
                Organisation.commitment_status,
            )
            .select_from(Organisation)
            .outerjoin(
                Assessment,
                (Assessment.organisation_id == Organisation.id) & (Assessment.cycle_id == cycle.id),
            )
            .where(or_(signatory_in(cycle), Assessment.id.is_not(None)))
        )
    )
    counted = []
    paused = unsigned = 0
    for organisation_id, status, submitted_late, commitment in rows.all():
        shown = RowStatus.NOT_STARTED if status is None else RowStatus(status.value)
        deadline = own.of(organisation_id)
        late = is_late(
            deadline,
            today,
            submitted=shown is RowStatus.SUBMITTED,
            submitted_late=bool(submitted_late),
        )
        counted.append(_Counted(shown, late, deadline.allowed))
        paused += shown is not RowStatus.SUBMITTED and is_paused(commitment)
        unsigned += is_unsigned(commitment)
    return tally.counts(counted) | {PAUSED_KEY: paused, UNSIGNED_KEY: unsigned}


def counts(rows: Sequence[RosterRow]) -> dict[str, int]:
    """Count rows as status_counts does: tally.counts, the open rows not reminded, unsigned."""
    return tally.counts(rows) | {
        PAUSED_KEY: sum(1 for row in rows if row.is_open and row.paused),
        UNSIGNED_KEY: sum(1 for row in rows if row.unsigned),
    }


def with_progress(rows: Sequence[RosterRow]) -> list[RosterRow]:
    """Return the rows with their progress, reading only their own assessments' answers."""
    answered = answered_ids([r.assessment.id for r in rows if r.assessment is not None])
    return [
        replace(
            row,
            progress=progress_of(
                row.assessment,
                None if row.assessment is None else answered.get(row.assessment.id, _NOTHING),
            ),
        )
        for row in rows
    ]


_NOTHING = AnsweredIds(frozenset(), frozenset(), frozenset())


ROWS_PER_PAGE = 100


def page_of(rows: Sequence[RosterRow], number: int) -> Page[RosterRow]:
    """One page of already sorted rows; pages past the end show the last."""
    number = page_number(number, len(rows), ROWS_PER_PAGE)
    start = (number - 1) * ROWS_PER_PAGE
    return Page(list(rows[start : start + ROWS_PER_PAGE]), number, ROWS_PER_PAGE, len(rows))


def _last_activity(assessment: Assessment | None) -> dt.datetime | None:
    if assessment is None:
        return None
    moments = [m for m in (assessment.updated_at, assessment.submitted_at) if m is not None]
    return max(moments) if moments else None


def progress_of(assessment: Assessment | None, answered: AnsweredIds | None) -> int | None:
    """Percent of the rubric's items answered (N/A sections count as done)."""
    if assessment is None or answered is None:
        return 0
    try:
        rubric = rubric_of(assessment)
    except (RcappError, RubricError):
        return None
    return progress_percent(rubric, answered)


def select_rows(
    rows: Iterable[RosterRow], filters: RosterFilter, cycle: ReportingCycle
) -> list[RosterRow]:
    """Keep the rows the filters keep (roster_filter), reading a working group's members.

    The group's members in `cycle`: a closed year's as kept at its close (closed_groups),
    as its group pages and annual outputs list them; an open year's today's.
    """
    members = member_ids(filters.group, cycle) if filters.group is not None else None
    return [row for row in rows if keeps(row, filters, members)]


def listed(
    rows: Iterable[RosterRow],
    cycle: ReportingCycle,
    filters: RosterFilter,
    sort: str,
    descending: bool,
    lang: str,
    reminded: Mapping[int, LastReminder] | None = None,
) -> list[RosterRow]:
    """Return every page's rows the filters keep, sorted: the page's and its file's.

    `reminded`: the year's last reminders by organisation (cycles.reminders), which sorting
    by "reminded" needs; without them every row counts as never reminded.
    """
    shown = select_rows(rows, filters, cycle)
    if sort == "progress":  # progress reads answers: only when sorting needs it for every row
        shown = with_progress(shown)
    return sort_rows(shown, sort, descending, lang, reminded)
