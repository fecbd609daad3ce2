"""What the review pages show of an assessment's changes after a return, and of its events.

Reviewers, the lead and the secretariat saw rubric items and evidence only: an item raised
after a return, a KPI input set to zero or an incident deleted showed nowhere but in the
assessment's history, which none of them is sent to (qa49 #3, #4, #7). The change set is
computed in rcapp.assessments.submission_changes; this module names what it holds, lists
the event register (deleted events kept, marked) and says which items the reviewer must
check because their claim changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rcapp import db
from rcapp.assessments.copied import SameKpiData, events_gone, same_kpi_data
from rcapp.assessments.event_names import Names, event_type_names, type_names
from rcapp.assessments.event_register import resident_text
from rcapp.assessments.event_residents import takes_resident
from rcapp.assessments.events import event_values
from rcapp.assessments.forms import GRADE_LABELS
from rcapp.assessments.models import Assessment, Event
from rcapp.assessments.queries import events_of, kpi_inputs_compared, rubric_of
from rcapp.assessments.submission_changes import (
    ChangeSet,
    Claim,
    EventChange,
    ItemChange,
    changes_since_last_submission,
    deleted_since_submitted,
)
from rcapp.audit.labels import GONE_ORGANISATION
from rcapp.organisations.models import Organisation
from rcapp.reviews.models import Review
from rcapp.reviews.rules import NA, Verdict, must_check
from rcapp.rubrics.model import ItemKind, Rubric


def items_to_check(review: Review) -> tuple[str, ...]:
    """Return the items the review's reviewers must rule on one by one (rules.must_check)."""
    return checked_given(review, changes_since_last_submission(review.assessment))


def checked_given(review: Review, changes: ChangeSet | None) -> tuple[str, ...]:
    """`items_to_check` with the change set the page has read already."""
    return must_check(review.sample, list(resubmitted_claims(changes)))


def resubmitted_claims(changes: ChangeSet | None) -> dict[str, ItemChange]:
    """Return the items whose claim changed since the previous submission (none for a first one)."""
    return {} if changes is None or changes.basis != "resubmission" else changes.claims()


def claim_verdict(claim: Claim) -> Verdict | str | None:
    """Return a claim as the review pages show a verdict: a level, N/A, a number item's figure."""
    if claim.is_na:
        return NA
    return claim.level if claim.level is not None else claim.value


@dataclass(frozen=True)
class RegisterRow:
    """One event of the register as the review pages list it; deleted ones included."""

    event_id: int
    occurred_on: str
    type_names: Names
    grade: str | None  # its label
    fatalities: int
    injuries: int
    direct_loss: Decimal | None
    description: str
    is_resolved: bool
    this_year: bool  # recorded in this self-assessment (not an earlier year's)
    deleted: EventChange | None = None  # who deleted it, and when
    # a park's event: the resident company where it happened, or the park itself (None: a
    # company's event, which names none)
    resident: str | None = None


@dataclass(frozen=True)
class ChangedEvent:
    change: EventChange
    row: RegisterRow


@dataclass(frozen=True)
class Insight:
    """What the review pages show above their own work (templates/reviews/_insight.html)."""

    changes: ChangeSet | None
    item_names: Mapping[str, str]  # item id → its prompt
    binary: frozenset[str]  # yes/no items: levels read 是 / 否
    kpi_names: Mapping[str, str]  # KPI input id → its label
    changed_events: tuple[ChangedEvent, ...]
    register: tuple[RegisterRow, ...]
    # Looks copied from last year (assessments.copied): the core KPI inputs unchanged, and
    # last year's number of events when this year's register is empty.
    same_kpis: SameKpiData | None = None
    events_gone: int | None = None
    with_resident: bool = False  # a park's register: a column for the resident company


def review_insight(assessment: Assessment, lang: str, changes: ChangeSet | None) -> Insight:
    rubric = rubric_of(assessment)
    stored = events_of(assessment.organisation_id)
    deleted = deleted_since_submitted(assessment)
    shown_changes = () if changes is None else changes.events
    types = {e.event_type for e in stored} | {
        str(c.values.get("event_type", "")) for c in (*deleted, *shown_changes)
    }
    names, _lacking = event_type_names(assessment, rubric, types, lang, type_names)
    where = _Where(lang) if takes_resident(assessment) else None
    rows = [_stored_row(e, assessment, names, where) for e in stored]
    rows += [_row(c.event_id, c.values, True, names, c, where) for c in deleted]
    rows.sort(key=lambda r: (r.occurred_on, r.event_id), reverse=True)
    by_id = {r.event_id: r for r in rows}
    return Insight(
        changes=changes,
        # a prompt ends its sentence; the list goes on after it ("…：由 3 改为 4")
        item_names={i.id: i.prompt.get(lang).rstrip("。. ") for _s, _e, i in rubric.iter_items()},
        binary=_binary(rubric),
        kpi_names={k.id: k.label.get(lang) for k in rubric.kpi_inputs},
        changed_events=tuple(
            ChangedEvent(
                c, by_id.get(c.event_id) or _row(c.event_id, c.values, True, names, c, where)
            )
            for c in shown_changes
        ),
        register=tuple(rows),
        same_kpis=_same_kpis(assessment, rubric),
        events_gone=_events_gone(assessment, stored),
        with_resident=where is not None,
    )


def _same_kpis(assessment: Assessment, rubric: Rubric) -> SameKpiData | None:
    figures = kpi_inputs_compared(assessment)
    return same_kpi_data(rubric, dict(figures.this_year), dict(figures.last_year))


def _events_gone(assessment: Assessment, stored: Sequence[Event]) -> int | None:
    """Last year's number of events, when none is on the register for this year."""
    year = assessment.cycle.year
    this_year = [
        e for e in stored if e.recorded_in_id == assessment.id or e.occurred_on.year == year
    ]
    return events_gone(len(this_year), sum(1 for e in stored if e.occurred_on.year == year - 1))


def _binary(rubric: Rubric) -> frozenset[str]:
    return frozenset(i.id for _s, _e, i in rubric.iter_items() if i.kind is ItemKind.YES_NO)


@dataclass(frozen=True)
class _Where:
    """Names the resident company of a park's event by its id, as the events page does."""

    lang: str

    def __call__(self, values: Mapping[str, Any]) -> str:
        resident_id = values.get("resident_id")
        if not isinstance(resident_id, int) or isinstance(resident_id, bool):
            # a resident not registered in rcapp, by its typed name (or the park itself)
            name, code = values.get("resident_name"), values.get("resident_credit_code")
            return resident_text(None, self.lang, name or None, code or None)
        resident = db.session().get(Organisation, resident_id)
        # a deleted event's values keep the id of a company since deleted
        return str(GONE_ORGANISATION) if resident is None else resident_text(resident, self.lang)


def _stored_row(
    event: Event, assessment: Assessment, names: Mapping[str, Names], where: _Where | None
) -> RegisterRow:
    values = event_values(event)
    return _row(event.id, values, event.recorded_in_id == assessment.id, names, None, where)


def _row(
    event_id: int,
    values: Mapping[str, Any],
    this_year: bool,
    names: Mapping[str, Names],
    deleted: EventChange | None,
    where: _Where | None = None,
) -> RegisterRow:
    """One register row from an event's values, stored or as the audit log kept them."""
    event_type = str(values.get("event_type", ""))
    grade = values.get("grade")
    day = values.get("occurred_on")
    loss = values.get("direct_loss_10k_yuan")
    return RegisterRow(
        event_id=event_id,
        occurred_on=day.isoformat() if isinstance(day, dt.date) else str(day or ""),
        type_names=names.get(event_type, (event_type, event_type)),
        grade=None if not grade else str(GRADE_LABELS.get(grade, grade)),
        fatalities=int(values.get("fatalities") or 0),
        injuries=int(values.get("injuries") or 0),
        direct_loss=None if loss is None else Decimal(str(loss)),
        description=str(values.get("description", "")),
        is_resolved=bool(values.get("is_resolved")),
        this_year=this_year,
        deleted=deleted if deleted is not None and deleted.kind == "deleted" else None,
        resident=None if where is None else where(values),
    )
