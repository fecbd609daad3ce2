"""What an organisation changed between two points of its self-assessment, from the audit log.

Reviewers and the lead need "what changed since the previous submission" after a return
(qa49 #3, #4, #7). The self snapshot cannot tell: a return deletes it. The audit log can:
every answer, KPI input, evidence file and event change is recorded with its values before
and after, and submits, returns and the copy from last year are entries too.

A field's value at a point in the log is the `before` of the first later entry that changed
it, or the stored value when none did; a change is a field whose value differs between the
two points. An event added and deleted in between is no change.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.queries import answers_by_item, kpi_values_by_input
from rcapp.audit.models import AuditEntry

Basis = Literal["resubmission", "last_year"]
CLAIM_FIELDS = ("level", "is_na", "value")  # what a reviewer rules on; not comments or notes
_MARKS = ("submit", "copy_from_previous")
_TRACKED = (
    "answer.update",
    "kpi.set",
    "kpi.remove",
    "evidence.add",
    "evidence.delete",
    "event.add",
    "event.update",
    "event.delete",
)


@dataclass(frozen=True)
class Claim:
    """An item's answer as a reviewer rules on it."""

    level: int | None
    is_na: bool
    value: str | None  # a number item's figure, as the log keeps it

    @property
    def answered(self) -> bool:
        return self.is_na or self.level is not None or self.value is not None


@dataclass(frozen=True)
class ItemChange:
    item_id: str
    before: Claim
    after: Claim
    evidence_added: int  # files added to the item in between
    evidence_removed: int


@dataclass(frozen=True)
class KpiChange:
    input_id: str
    before: str | None  # None: no value
    after: str | None


@dataclass(frozen=True)
class EventChange:
    """An event added, changed or deleted; `values` are its fields as the log has them."""

    event_id: int
    kind: Literal["added", "changed", "deleted"]
    values: Mapping[str, Any]  # the deleted event's last values; else the newest known
    changed: tuple[str, ...]  # a changed event's fields
    by: str | None  # who made the last of these changes (the name as it was then)
    at: dt.datetime


@dataclass(frozen=True)
class ChangeSet:
    basis: Basis
    since: dt.datetime  # the previous submission (or the copy from last year)
    until: dt.datetime | None  # this submission; None: still being edited
    items: tuple[ItemChange, ...] = ()
    kpis: tuple[KpiChange, ...] = ()
    events: tuple[EventChange, ...] = field(default=())

    @property
    def count(self) -> int:
        return len(self.items) + len(self.kpis) + len(self.events)

    @property
    def deleted_events(self) -> int:
        return sum(1 for e in self.events if e.kind == "deleted")

    def claims(self) -> dict[str, ItemChange]:
        """Return the changed items by id (the reviewer's list marks them)."""
        return {c.item_id: c for c in self.items}


def changes_since_last_submission(assessment: Assessment) -> ChangeSet | None:
    """Return what changed since the assessment's previous submission, or None.

    Submitted: between the last two submissions. Returned and not yet resubmitted: since
    the last submission. A first submission of answers copied from last year: the items
    changed from last year's answers. None: no earlier point to compare with.
    """
    if assessment.id is None:
        return None
    entries = _entries(assessment.id)
    submits = [e for e in entries if e.action == "submit"]
    submitted = assessment.status is AssessmentStatus.SUBMITTED
    start: AuditEntry | None
    end: AuditEntry | None
    basis: Basis
    if submitted and len(submits) >= 2:
        start, end, basis = submits[-2], submits[-1], "resubmission"
    elif not submitted and submits and assessment.status is AssessmentStatus.RETURNED:
        start, end, basis = submits[-1], None, "resubmission"
    else:
        copies = [e for e in entries if e.action == "copy_from_previous"]
        end = submits[0] if submits else None
        start = next((c for c in reversed(copies) if end is None or c.id < end.id), None)
        if start is None or (submitted and end is None):
            return None
        basis = "last_year"
    window = _Window(entries, start.id, None if end is None else end.id)
    items = tuple(_item_changes(assessment, window))
    if basis == "last_year":
        # Items answered afresh had no answer from last year: only changed ones count.
        items = tuple(c for c in items if c.before.answered)
        return ChangeSet(basis, start.at, None if end is None else end.at, items)
    return ChangeSet(
        basis,
        start.at,
        None if end is None else end.at,
        items,
        tuple(_kpi_changes(assessment, window)),
        tuple(_event_changes(window)),
    )


def deleted_since_submitted(assessment: Assessment) -> list[EventChange]:
    """Return the events deleted from the register after the assessment was first submitted.

    An event deleted while the first draft was written was never claimed to anyone; one
    deleted after a submission was seen by the secretariat (and maybe reviewers) and went.
    """
    if assessment.id is None:
        return []
    entries = _entries(assessment.id)
    first = next((e for e in entries if e.action == "submit"), None)
    if first is None:
        return []
    window = _Window(entries, first.id, None)
    return [
        _deleted(subject, found[-1]) for subject, found in window.touched(("event.delete",)).items()
    ]


def _deleted(subject: str, entry: AuditEntry) -> EventChange:
    event_id = int(subject.partition(":")[2])
    return EventChange(event_id, "deleted", _decoded(entry.before), (), entry.actor_name, entry.at)


def _entries(assessment_id: int) -> list[AuditEntry]:
    return list(
        db.session().scalars(
            select(AuditEntry)
            .where(
                AuditEntry.entity == "assessment",
                AuditEntry.entity_id == assessment_id,
                AuditEntry.action.in_((*_MARKS, *_TRACKED)),
            )
            .order_by(AuditEntry.id)
        )
    )


def _decoded(text: str | None) -> dict[str, Any]:
    found = None if text is None else json.loads(text)
    return found if isinstance(found, dict) else {}


class _Window:
    """The log of one assessment, read between two entries (`end` None: up to now)."""

    def __init__(self, entries: Sequence[AuditEntry], start: int, end: int | None) -> None:
        self.entries = entries
        self.start = start
        self.end = end

    def inside(self, entry: AuditEntry) -> bool:
        return entry.id > self.start and (self.end is None or entry.id <= self.end)

    def touched(self, actions: tuple[str, ...]) -> dict[str, list[AuditEntry]]:
        """Entries of `actions` inside the window, by the field they changed."""
        found: dict[str, list[AuditEntry]] = {}
        for entry in self.entries:
            if entry.action in actions and entry.field and self.inside(entry):
                found.setdefault(entry.field, []).append(entry)
        return found

    def value_at(
        self, point: int | None, subject: str, name: str, actions: tuple[str, ...], now: Any
    ) -> Any:
        """Return the value of `name` of `subject` just after entry `point` (None: now)."""
        if point is None:
            return now
        for entry in self.entries:
            if entry.id > point and entry.action in actions and entry.field == subject:
                before = _decoded(entry.before)
                if name in before:
                    return before[name]
                if entry.action == "kpi.set" and entry.before is None:
                    return None  # the value was typed for the first time here
        return now


_ANSWER = ("answer.update",)
_KPI = ("kpi.set", "kpi.remove")


def _claim_at(window: _Window, point: int | None, item_id: str, answer: Any) -> Claim:
    values = {
        name: window.value_at(
            point, item_id, name, _ANSWER, None if answer is None else getattr(answer, name)
        )
        for name in CLAIM_FIELDS
    }
    value = _text(values["value"])
    return Claim(values["level"], bool(values["is_na"]), value)


def _item_changes(assessment: Assessment, window: _Window) -> list[ItemChange]:
    answers = answers_by_item(assessment)
    files = window.touched(("evidence.add", "evidence.delete"))
    changes = []
    for item_id in window.touched(_ANSWER):
        answer = answers.get(item_id)
        before = _claim_at(window, window.start, item_id, answer)
        after = _claim_at(window, window.end, item_id, answer)
        if before != after:
            touched = [e.action for e in files.get(item_id, [])]
            changes.append(
                ItemChange(
                    item_id,
                    before,
                    after,
                    touched.count("evidence.add"),
                    touched.count("evidence.delete"),
                )
            )
    return changes


def _kpi_changes(assessment: Assessment, window: _Window) -> list[KpiChange]:
    stored = kpi_values_by_input(assessment)
    changes = []
    for input_id in window.touched(_KPI):
        row = stored.get(input_id)
        now = None if row is None else row.value
        before = _text(window.value_at(window.start, input_id, "value", _KPI, now))
        after = _text(window.value_at(window.end, input_id, "value", _KPI, now))
        if before != after:
            changes.append(KpiChange(input_id, before, after))
    return changes


def _text(value: Any) -> str | None:
    """Write a number as plain text, the same however it was stored ("420000.000000" = "420000")."""
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _event_changes(window: _Window) -> list[EventChange]:
    changes = []
    for subject, entries in window.touched(("event.add", "event.update", "event.delete")).items():
        first, last = entries[0], entries[-1]
        added = first.action == "event.add"
        event_id = int(subject.partition(":")[2])
        if last.action == "event.delete":
            if added:
                continue  # added and deleted again: never part of a submission
            changes.append(_deleted(subject, last))
            continue
        values: dict[str, Any] = {}
        for entry in entries:
            values |= _decoded(entry.after)
        if added:
            changes.append(EventChange(event_id, "added", values, (), last.actor_name, last.at))
            continue
        old: dict[str, Any] = {}
        for entry in reversed(entries):
            old |= _decoded(entry.before)
        changed = tuple(name for name in values if old.get(name) != values[name])
        if changed:
            changes.append(
                EventChange(event_id, "changed", values, changed, last.actor_name, last.at)
            )
    return sorted(changes, key=lambda c: (str(c.values.get("occurred_on", "")), c.event_id))
