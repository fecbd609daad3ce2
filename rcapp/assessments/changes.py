"""Shared pieces of the assessment services: the save result and audited answer updates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.models import Answer, Assessment
from rcapp.assessments.validation import Problem
from rcapp.audit.services import record
from rcapp.db import utcnow


@dataclass(frozen=True)
class SaveResult:
    """What a save did: `problems` were not saved, `warnings` were saved but look doubtful."""

    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    changed: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def problems_for(self, subject: str) -> dict[str, Problem]:
        return {p.field: p for p in self.problems if p.subject == subject}


def _is_blank(values: Mapping[str, Any]) -> bool:
    return all(value is None or value is False for value in values.values())


def apply_answer(
    assessment: Assessment,
    existing: dict[str, Answer],
    subject: str,
    values: Mapping[str, Any],
    actor: User,
) -> bool:
    """Set `values` on the answer row of `subject` (created when needed); audit the change."""
    answer = existing.get(subject)
    if answer is None:
        if _is_blank(values):
            return False  # nothing typed: no empty rows
        answer = Answer(assessment=assessment, item_id=subject, is_na=False)
        db.session().add(answer)
        existing[subject] = answer
    changes = {name: value for name, value in values.items() if getattr(answer, name) != value}
    if not changes:
        return False
    before = {name: getattr(answer, name) for name in changes}
    for name, value in changes.items():
        setattr(answer, name, value)
    answer.updated_by_id = actor.id
    answer.updated_at = utcnow()
    record(
        actor,
        "assessment",
        assessment.id,
        "answer.update",
        field=subject,
        before=before,
        after=changes,
    )
    return True


def touch(assessment: Assessment) -> None:
    """Mark the assessment as edited now (lists sort by it)."""
    assessment.updated_at = utcnow()


def diff(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return only the fields that differ, as (before, after)."""
    changed = [name for name in after if before.get(name) != after[name]]
    return {n: before.get(n) for n in changed}, {n: after[n] for n in changed}
