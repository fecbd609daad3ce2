"""Shared pieces of the assessment services: the save result, audited answer updates, locks.

Two guards keep concurrent editing honest:
- `lock_in_state` starts every change of an assessment by locking its row while its status
  is still one of the expected ones (rcapp.row_locks: held to commit), and refuses when
  another transaction moved the status first. Saves and submit go through it, so a save can
  never slip in after a submit read the answers it scored. The lock writes nothing: only a
  save that changes something moves the assessment's `updated_at` (`touch`).
- Rows carry a version; a save based on an older version than the stored one is refused
  as a `Conflict` (the ORM's version_id_col adds ``WHERE version = ?`` for the last race).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.models import Answer, Assessment, AssessmentStatus
from rcapp.assessments.validation import Problem
from rcapp.audit.services import record
from rcapp.db import utcnow
from rcapp.errors import InvalidState
from rcapp.row_locks import locked_in_state

EDITABLE = (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)


@dataclass(frozen=True)
class Conflict:
    """A subject saved by someone else since the user's page was loaded: not overwritten.

    `version` is the stored version now (the page sends it back to overwrite on purpose),
    `current` the stored values, `updated_by_id` who saved them.
    """

    subject: str
    version: int
    current: Mapping[str, Any]
    updated_by_id: int | None = None
    updated_at: dt.datetime | None = None  # when they were saved (a section's N/A says it)


def lock_in_state(
    assessment: Assessment, states: tuple[AssessmentStatus, ...], action: str
) -> None:
    """Lock the assessment's row if its status is one of `states`, else raise InvalidState.

    On PostgreSQL it waits for a concurrent writer and then re-checks the status; on SQLite
    the writing request already holds the database write lock. Everything read afterwards in
    this transaction is current. It writes nothing, so `updated_at` stays unless the caller
    changes something.
    """
    if not locked_in_state(assessment, "status", states):
        raise InvalidState("assessment", str(assessment.status), action)


def lock_editable(assessment: Assessment, action: str) -> None:
    lock_in_state(assessment, EDITABLE, action)


@dataclass(frozen=True)
class Stored:
    """A subject's row as a save left it, where the page was up to date with it before.

    The page shown again after a partial save carries `version` (0: no row), so its next
    save is not taken for a change made elsewhere (qa38 D2); `current` the stored values.
    A subject the page was not up to date with keeps the page's version: a change made
    meanwhile to a field the save refused is still caught on the next save.
    """

    subject: str
    version: int
    current: Mapping[str, Any]


@dataclass(frozen=True)
class SaveResult:
    """What a save did: `problems` were not saved, `warnings` look doubtful.

    A warning's value was saved unless a problem or conflict of the same field refused it
    (a tenfold change in a resident count below the register): the page words it so.

    `stored`: the rows the page may now show as its own (Stored).
    """

    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    changed: tuple[str, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    stored: tuple[Stored, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems and not self.conflicts

    def problems_for(self, subject: str) -> dict[str, Problem]:
        return {p.field: p for p in self.problems if p.subject == subject}


def _is_blank(values: Mapping[str, Any]) -> bool:
    return all(value is None or value is False for value in values.values())


ANSWER_FIELDS = ("level", "value", "is_na", "na_reason", "evidence_note", "comment")
# The answer itself, as scored: changing one of these is what an import counts as a change
# of an answer copied from last year (carry_over); notes and comments are not.
ANSWERED_FIELDS = frozenset({"level", "value", "is_na"})


def answer_values(answer: Answer | None) -> dict[str, Any]:
    if answer is None:
        return {}
    return {name: getattr(answer, name) for name in ANSWER_FIELDS}


def up_to_date(versions: Mapping[str, int | None], rows: Mapping[str, Any]) -> list[str]:
    """Return the subjects whose page showed the stored row's version (0: no row yet).

    Read before a save writes anything: after it, these are the rows the page may take
    (`Stored`). A subject sent without a version (CLI, imports) is none of them.
    """
    return [
        subject
        for subject, based_on in versions.items()
        if based_on is not None and based_on == _version_of(rows.get(subject))
    ]


def stored_after(
    subjects: list[str], rows: Mapping[str, Any], values: Callable[[Any], Mapping[str, Any]]
) -> tuple[Stored, ...]:
    """Return each subject's row as now stored (after the flush): its version and `values`."""
    return tuple(
        Stored(subject, _version_of(rows.get(subject)), values(rows.get(subject)))
        for subject in subjects
    )


def _version_of(row: Any) -> int:
    return 0 if row is None else int(row.version)


def answer_conflict(answer: Answer | None, based_on: int | None, subject: str) -> Conflict | None:
    """Return a conflict when the page was based on another version than the stored one.

    `based_on` None means the caller does not track versions (CLI, imports); 0 means the
    page saw no answer yet.
    """
    stored = 0 if answer is None else answer.version
    if based_on is None or based_on == stored:
        return None
    by = None if answer is None else answer.updated_by_id
    at = None if answer is None else answer.updated_at
    return Conflict(subject, stored, answer_values(answer), by, at)


def apply_answer(
    assessment: Assessment,
    existing: dict[str, Answer],
    subject: str,
    values: Mapping[str, Any],
    actor: User,
    based_on: int | None = None,
    *,
    keep_copied_mark: bool = False,
) -> bool | Conflict:
    """Set `values` on the answer row of `subject` (created when needed); audit the change.

    Return whether anything changed, or the Conflict when the row changed since `based_on`
    and the user's values differ from it (identical values are no conflict). A change
    removes the "copied from last year" mark, except with `keep_copied_mark` (an import)
    where only a changed answer (ANSWERED_FIELDS) does.
    """
    answer = existing.get(subject)
    if answer is None and _is_blank(values):
        return False  # nothing typed: no empty rows
    current = answer_values(answer)
    if answer is not None and all(current[n] == v for n, v in values.items()):
        return False
    conflict = answer_conflict(answer, based_on, subject)
    if conflict is not None:
        return conflict
    if answer is None:
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
    if not keep_copied_mark or ANSWERED_FIELDS & changes.keys():
        answer.copied_from_year = None  # changed since copied from last year (carry_over)
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
