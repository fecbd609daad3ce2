"""What each role has to do now: the data behind the home page's to-do lists.

Read-only. Each builder takes the user and returns plain dataclasses for one panel; a
panel shows only what the permission rules let its reader see (leads: submitted work only;
parks: status and stars of resident companies, never answers).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import GroupRole, User
from rcapp.assessments import roster
from rcapp.assessments.completeness import Missing, SectionProgress, missing_parts
from rcapp.assessments.completeness import section_progress as progress_by_section
from rcapp.assessments.computed_kpis import present_inputs, typed_inputs
from rcapp.assessments.guide import first_year
from rcapp.assessments.models import (
    Assessment,
    AssessmentStatus,
    SnapshotKind,
)
from rcapp.assessments.outside_year import outside_year as outside_year_of
from rcapp.assessments.outside_year import signed_after
from rcapp.assessments.queries import (
    answers_by_item,
    filed_ids,
    find_assessment,
    newest_closed_cycle,
    open_cycles,
    rubric_of,
    takes_part,
)
from rcapp.assessments.rating_words import not_rated_reason, vetoed
from rcapp.assessments.resident_ratings import (
    carried_years,
    ratings_in,
    submitted_residents,
    three_star_residents_in,
)
from rcapp.assessments.returns import latest_item_comments
from rcapp.assessments.review_filters import NOT_REVIEWED, review_matches
from rcapp.assessments.review_hook import FinalOutcome, final_outcome_of, review_states
from rcapp.assessments.review_state import NO_REVIEW, ReviewState, review_state_of, shown_of_record
from rcapp.assessments.roster_rows import RosterRow
from rcapp.assessments.snapshots import ShownScorecard
from rcapp.assessments.star_advice import StarAdvice, star_advice
from rcapp.cycles.deadlines import OwnDeadline, is_late, own_deadline
from rcapp.cycles.models import ReportingCycle
from rcapp.errors import RcappError
from rcapp.organisations.models import Organisation, OrganisationKind, WorkingGroup
from rcapp.organisations.queries import residents_of
from rcapp.rubrics.loader import RubricError
from rcapp.rubrics.model import ItemKind, Rubric
from rcapp.scoring import Scorecard

MISSING_SHOWN = 8  # the to-do list names the first few; the overview lists them all


@dataclass(frozen=True)
class NextStep:
    item_id: str
    section_id: str
    prompt: str
    to_level: int
    yes_no: bool = False  # a yes/no item is raised to "yes", not to "level 1"


@dataclass(frozen=True)
class NotedItem:
    """An item the secretariat wrote a note on when returning the assessment."""

    item_id: str
    section_id: str
    prompt: str


@dataclass(frozen=True)
class OwnTodo:
    """One organisation's assessment of one open cycle, as its own staff see it."""

    organisation: Organisation
    cycle: ReportingCycle
    assessment: Assessment | None
    can_start: bool
    deadline: OwnDeadline  # the cycle's, or later with a late allowance
    days_left: int  # to `deadline`
    late: bool  # submitted after the deadline then in force, or still open past its own (is_late)
    may_submit: bool  # False once the deadline has passed without a late allowance
    sections: list[SectionProgress]
    missing: list[Missing]
    item_notes: list[NotedItem]
    stars: int | None
    final: bool  # `stars` is the final rating of a finished peer review, else provisional
    vetoed: bool  # a veto took every star: not rated (rating_words), not "0 星"
    next_stars: int | None
    next_steps: list[NextStep]
    path_steps: int
    advice: StarAdvice | None = None  # the next step to the next star (star_advice.py)
    # A peer review in progress, or a re-review after an upheld appeal (review_state.py).
    review: ReviewState = NO_REVIEW
    # Takes no part in the year and never started it: nothing to do this year, the card
    # says why (outside_year.py); one card names every such open year (`outside_years`).
    outside_year: bool = False
    outside_years: tuple[int, ...] = ()
    # Why a result is not rated: prerequisites not met, or not answered yet (rating_words).
    unrated_reason: str = ""
    # What the card shows and its rubric, for the advice's conditions in words
    # (views.advice_words: the next star's conditions, a veto's event and end)
    card: Scorecard | None = None
    rubric: Rubric | None = None
    # No self-assessment submitted before this year: the card links the guide (qa50 #12).
    first_year: bool = False
    # A final rating: its outcome page, the self-assessed stars and the appeal deadline,
    # as the outcome page and mail tell them (parkfix #2: the card said the stars alone).
    outcome: FinalOutcome | None = None


@dataclass(frozen=True)
class ClosedUnfinished:
    """An own organisation's assessment of the newest closed year that was never submitted.

    `assessment` is None when the organisation, a signatory of that year, never started.
    """

    organisation: Organisation
    cycle: ReportingCycle
    assessment: Assessment | None


@dataclass(frozen=True)
class GroupPanel:
    group: WorkingGroup
    cycle: ReportingCycle
    rows: list[RosterRow]


@dataclass(frozen=True)
class ParkPanel:
    park: Organisation
    cycle: ReportingCycle
    rows: list[RosterRow]  # final stars where the peer review is final (row.rating)


@dataclass(frozen=True)
class ParkYearResults:
    """One year's results of a park's residents, counted as the park's residents page counts."""

    park: Organisation
    cycle: ReportingCycle
    submitted: int  # residents that submitted their assessment of the year
    three_stars_or_more: int  # resident_ratings' rule: the park KPI's count
    carried: tuple[int, ...] = ()  # earlier years whose valid ratings that count includes


def own_todos(user: User, today: dt.date, lang: str) -> list[OwnTodo]:
    todos: list[OwnTodo] = []
    for membership in user.memberships:
        outside: int | None = None  # where this organisation's one "no part" card is
        for cycle in open_cycles():
            todo = _own_todo(membership.organisation, cycle, today, lang)
            if todo.final and todo.assessment is not None and not todo.review.rereview:
                todo = replace(todo, outcome=final_outcome_of(todo.assessment, user, today))
            if not todo.outside_year:
                todos.append(todo)
            elif outside is None:  # QA58 7: one card naming the years, not one per year
                outside = len(todos)
                todos.append(replace(todo, outside_years=(cycle.year,)))
            else:
                years = tuple(sorted((*todos[outside].outside_years, cycle.year)))
                todos[outside] = replace(todos[outside], outside_years=years)
    return todos


def closed_unfinished(user: User) -> list[ClosedUnfinished]:
    """Own organisations that left the newest closed year unsubmitted: their card says so.

    Closing takes the year off the to-do list; without this the organisation's draft (or
    the assessment returned for revision) would vanish from its home page unexplained.
    """
    cycle = newest_closed_cycle()
    if cycle is None:
        return []
    found = []
    for membership in user.memberships:
        organisation = membership.organisation
        assessment = find_assessment(organisation.id, cycle.id)
        if assessment is None and not takes_part(organisation, cycle):
            continue
        if not is_submitted(assessment):
            found.append(ClosedUnfinished(organisation, cycle, assessment))
    return found


def _own_todo(
    organisation: Organisation, cycle: ReportingCycle, today: dt.date, lang: str
) -> OwnTodo:
    assessment = find_assessment(organisation.id, cycle.id)
    rubric = _rubric(assessment)
    sections: list[SectionProgress] = []
    missing: list[Missing] = []
    shown: ShownScorecard | None = None
    if assessment is not None and rubric is not None:
        answers = answers_by_item(assessment)
        sections = progress_by_section(rubric, answers)
        missing = missing_parts(
            rubric,
            answers,
            present_inputs(assessment, rubric),
            typed_inputs(assessment),
            filed_ids(assessment),
        )
    # The rating of record and where its peer review stands (review_state, as the result
    # page): during a re-review the earlier final rating, marked so.
    state = NO_REVIEW
    if assessment is not None and rubric is not None:
        if is_submitted(assessment):
            state = review_state_of(assessment)
        shown = _scorecard(assessment, rubric, state)
    card = shown.card if shown is not None else None
    path = card.path if card is not None else None
    final = shown is not None and shown.kind in (SnapshotKind.FINAL, SnapshotKind.APPEALED)
    editable = assessment is not None and assessment.is_editable
    deadline = own_deadline(cycle, organisation.id)
    outside_year = assessment is None and outside_year_of(organisation, cycle)
    return OwnTodo(
        organisation=organisation,
        cycle=cycle,
        assessment=assessment,
        can_start=assessment is None and not outside_year,
        deadline=deadline,
        days_left=deadline.days_left(today),
        late=is_late(
            deadline,
            today,
            submitted=is_submitted(assessment),
            submitted_late=assessment is not None and assessment.submitted_late,
        ),
        may_submit=deadline.may_submit(today),
        sections=sections,
        missing=missing,
        item_notes=_noted_items(assessment, rubric, lang),
        stars=card.rating.stars if card is not None and card.rating.rated else None,
        final=final,
        vetoed=card is not None and vetoed(card.rating),
        next_stars=card.rating.next_stars if card is not None else None,
        next_steps=_next_steps(rubric, card, lang),
        path_steps=len(path.steps) if path is not None else 0,
        advice=star_advice(card, editable=editable, final=final),
        review=state,
        outside_year=outside_year,
        unrated_reason=not_rated_reason(card.rating)
        if card is not None and not card.rating.rated
        else "",
        card=card,
        rubric=rubric,
        first_year=not outside_year
        and not is_submitted(assessment)
        and first_year(organisation.id, cycle.year),
    )


def _rubric(assessment: Assessment | None) -> Rubric | None:
    if assessment is None:
        return None
    try:
        return rubric_of(assessment)
    except (RcappError, RubricError):
        return None


def _scorecard(assessment: Assessment, rubric: Rubric, state: ReviewState) -> ShownScorecard | None:
    """Return what the result page shows: the final rating once a peer review is final."""
    try:
        return shown_of_record(assessment, rubric, state)
    except (RcappError, RubricError):
        return None


def _next_steps(rubric: Rubric | None, card: Scorecard | None, lang: str) -> list[NextStep]:
    if rubric is None or card is None or card.path is None:
        return []
    section_of = {item.id: section.id for section, _e, item in rubric.iter_items()}
    index = rubric.item_index()
    return [
        NextStep(
            s.item_id,
            section_of[s.item_id],
            index[s.item_id].prompt.get(lang),
            s.to_level,
            yes_no=index[s.item_id].kind is ItemKind.YES_NO,
        )
        for s in card.path.steps[:3]
    ]


def _noted_items(
    assessment: Assessment | None, rubric: Rubric | None, lang: str
) -> list[NotedItem]:
    if assessment is None or rubric is None:
        return []
    noted = latest_item_comments(assessment)
    # Rubric order, so the list reads like the sections; notes on unknown items are skipped.
    return [
        NotedItem(item.id, section.id, item.prompt.get(lang))
        for section, _e, item in rubric.iter_items()
        if item.id in noted
    ]


def led_groups(user: User) -> list[WorkingGroup]:
    return [
        r.working_group for r in user.group_roles if r.role in (GroupRole.LEAD, GroupRole.DEPUTY)
    ]


def group_panels(user: User, today: dt.date) -> list[GroupPanel]:
    """Members' status per led group; their work opens to the lead only once submitted."""
    groups = led_groups(user)
    members = {group.id: {o.id for o in group.organisations} for group in groups}
    everyone = set().union(*members.values())
    panels = []
    for cycle in open_cycles() if groups else ():
        rows = roster.roster(cycle, today, everyone)
        for group in groups:
            shown = [r for r in rows if r.organisation.id in members[group.id]]
            panels.append(GroupPanel(group, cycle, shown))
    return panels


def park_panels(user: User, today: dt.date) -> list[ParkPanel]:
    """Status and stars of the companies resident in the user's parks."""
    parks = [
        m.organisation for m in user.memberships if m.organisation.kind is OrganisationKind.PARK
    ]
    resident_ids = {o.id for park in parks for o in residents_of(park)}
    panels = []
    for cycle in open_cycles() if parks else ():
        rows = roster.roster(cycle, today, resident_ids)
        for park in parks:
            residents = [r for r in rows if r.organisation.park_id == park.id]
            if residents or not signed_after(park, cycle.year):  # QA58 7: before it joined
                panels.append(ParkPanel(park, cycle, residents))
    return panels


def park_results(user: User) -> list[ParkYearResults]:
    """List each of the user's parks' resident results: the open years, then the latest closed."""
    parks = [
        m.organisation for m in user.memberships if m.organisation.kind is OrganisationKind.PARK
    ]
    if not parks:
        return []
    closed = newest_closed_cycle()
    cycles = sorted(open_cycles(), key=lambda c: c.year, reverse=True)
    cycles += [closed] if closed is not None else []
    found = [
        ParkYearResults(
            park,
            cycle,
            submitted_residents(park.id, cycle.id),
            three_star_residents_in(park.id, cycle),
            carried_years(ratings_in(park.id, cycle), cycle.year),
        )
        for park in parks
        for cycle in cycles
    ]
    # QA58 7: a year before the park joined, with nothing of its residents, is not listed.
    return [
        r
        for r in found
        if r.submitted or r.three_stars_or_more or not signed_after(r.park, r.cycle.year)
    ]


NOT_REVIEWED_KEY = "not_reviewed"  # submitted, no peer review set up: blocks a clean close


def secretariat_rows(today: dt.date) -> list[tuple[ReportingCycle, dict[str, int]]]:
    return [
        (cycle, {**roster.status_counts(cycle, today), NOT_REVIEWED_KEY: not_reviewed(cycle)})
        for cycle in open_cycles()
    ]


def not_reviewed(cycle: ReportingCycle) -> int:
    """Count the year's submitted assessments no peer review was set up for.

    By the rule the year page counts them (reviews.year_figures) and its list filters them.
    """
    submitted = db.session().scalars(
        select(Assessment.id).where(
            Assessment.cycle_id == cycle.id, Assessment.status == AssessmentStatus.SUBMITTED
        )
    )
    states = review_states(cycle.id)
    return sum(review_matches(states.get(found), NOT_REVIEWED) for found in submitted)


def is_submitted(assessment: Assessment | None) -> bool:
    return assessment is not None and assessment.status is AssessmentStatus.SUBMITTED
