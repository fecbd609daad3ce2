"""Change assessments: start, save answers section by section, submit, return for revision.

Services flush and never commit; the actor is passed in; every change is audited with
its before and after values. KPI inputs, events and evidence live in their own modules
and are re-exported here, so callers have one place to look.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Mapping
from typing import Any

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments import queries
from rcapp.assessments.changes import (
    Conflict,
    SaveResult,
    answer_values,
    apply_answer,
    lock_editable,
    lock_in_state,
    stored_after,
    touch,
    up_to_date,
)
from rcapp.assessments.completeness import Missing, missing_parts
from rcapp.assessments.computed_kpis import present_inputs, typed_inputs
from rcapp.assessments.events import add_event, delete_event, update_event
from rcapp.assessments.evidence import add_attachment, delete_attachment, evidence_warnings
from rcapp.assessments.final_lowering import lower_final_rating
from rcapp.assessments.kpi_inputs import save_kpi_inputs
from rcapp.assessments.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    ScorecardSnapshot,
    SnapshotKind,
)
from rcapp.assessments.rating_words import logged_stars
from rcapp.assessments.recompute import refresh_final_before_freeze
from rcapp.assessments.results import compute_scorecard
from rcapp.assessments.review_hook import review_context_of
from rcapp.assessments.snapshots import (
    delete_snapshot,
    final_of_record,
    find_snapshot,
    snapshot_review_context,
    snapshot_scorecard,
    write_snapshot,
)
from rcapp.assessments.validation import (
    ItemInput,
    Problem,
    check_item,
    check_prerequisite,
    check_section_na_in,
    clean_text,
)
from rcapp.audit.services import record
from rcapp.clock import beijing_day
from rcapp.cycles.deadlines import may_submit_now, submitted_after_deadline
from rcapp.cycles.models import ReportingCycle
from rcapp.db import utcnow
from rcapp.errors import InvalidState, RcappError
from rcapp.organisations.models import Organisation
from rcapp.rubrics.model import Rubric
from rcapp.scoring import Scorecard
from rcapp.uniques import AlreadyStored, claim

__all__ = [
    "CommentRequired",
    "Conflict",
    "Incomplete",
    "SubmissionClosed",
    "SaveResult",
    "add_attachment",
    "add_event",
    "compute_scorecard",
    "delete_attachment",
    "delete_event",
    "evidence_warnings",
    "freeze_assessment",
    "freeze_cycle_results",
    "get_or_start_assessment",
    "return_assessment",
    "save_kpi_inputs",
    "save_prerequisites",
    "save_section",
    "submit_assessment",
    "update_event",
]

logger = logging.getLogger(__name__)


class Incomplete(RcappError):
    """Submit refused: `missing` lists every item, prerequisite and KPI input still to do."""

    def __init__(self, missing: list[Missing]) -> None:
        super().__init__(f"{len(missing)} parts missing")
        self.missing = missing


class SubmissionClosed(RcappError):
    """The cycle's deadline has passed and the secretariat has not allowed a late submission."""


class CommentRequired(RcappError):
    """Returning an assessment needs a comment telling the organisation what to revise."""


def get_or_start_assessment(
    organisation: Organisation, cycle: ReportingCycle, actor: User
) -> Assessment:
    """Return the organisation's assessment of the cycle, starting it if there is none.

    A new assessment is pinned to the cycle's rubric for the organisation's kind: id,
    version and the file's sha256, so its scores can be reproduced later.
    """
    found = queries.find_assessment(organisation.id, cycle.id)
    if found is not None:
        return found
    if not cycle.is_open:
        raise InvalidState("cycle", str(cycle.status), "start an assessment")
    rubric_id, version = cycle.rubric_for(organisation.kind)
    pinned = queries.registry().get(rubric_id, version)
    try:
        with claim(Assessment, "organisation_id", "cycle_id"):
            assessment = Assessment(
                organisation=organisation,
                cycle=cycle,
                rubric_id=rubric_id,
                rubric_version=version,
                rubric_sha256=pinned.sha256,
                status=AssessmentStatus.DRAFT,
            )
            db.session().add(assessment)
    except AlreadyStored:  # started by another request (a second tab) since the check
        return get_or_start_assessment(organisation, cycle, actor)
    after = {"rubric": pinned.rubric.key, "sha256": pinned.sha256, "status": "draft"}
    record(actor, "assessment", assessment.id, "start", after=after)
    logger.info(
        "assessment %s started for org %s cycle %s", assessment.id, organisation.id, cycle.year
    )
    return assessment


def save_section(
    assessment: Assessment,
    rubric: Rubric,
    section_id: str,
    answers: Mapping[str, ItemInput],
    actor: User,
    section_na: ItemInput | None = None,
    *,
    from_page: bool = True,
) -> SaveResult:
    """Save every valid field of the section's answers, even when others are wrong.

    `answers` maps item ids of the section to what was typed; items left out are not
    touched. `section_na` declares the whole section not applicable (where allowed).
    Saved on its page (`from_page`), a copied answer counts as reviewed and loses its
    "copied from last year" mark; written by an import, only when its answer changes.
    """
    lock_editable(assessment, "save answers")
    section = next((s for s in rubric.sections if s.id == section_id), None)
    if section is None:
        raise KeyError(f"no section {section_id!r} in {rubric.key}")
    items = {item.id: item for element in section.elements for item in element.items}
    unknown = set(answers) - set(items)
    if unknown:
        raise KeyError(f"items {sorted(unknown)} are not in section {section_id}")
    checked = [(item_id, *check_item(items[item_id], typed)) for item_id, typed in answers.items()]
    versions = {item_id: typed.version for item_id, typed in answers.items()}
    if section_na is not None:
        section_na = _without_stale_reason(assessment, section.id, section_na)
        checked.append((section.id, *check_section_na_in(rubric, section, section_na)))
        versions[section.id] = section_na.version
    what = f"section {section_id}"
    return _save_checked(assessment, checked, versions, actor, what, from_page=from_page)


def _without_stale_reason(assessment: Assessment, section_id: str, typed: ItemInput) -> ItemInput:
    """Drop the stored reason of a section no longer ticked not applicable (qa34 S16).

    Unticking 本板块整体不适用 left its reason in the field, refused on every later save
    ("clear the reason") until cleared by hand. The stored reason, sent back unchanged, goes
    with the tick; a reason typed anew without the tick is still refused, so it is not lost.
    """
    if typed.is_na or not clean_text(typed.na_reason):
        return typed
    stored = queries.answers_by_item(assessment).get(section_id)
    if stored is None or clean_text(typed.na_reason) != (stored.na_reason or ""):
        return typed
    return dataclasses.replace(typed, na_reason="")


def save_prerequisites(
    assessment: Assessment,
    rubric: Rubric,
    answers: Mapping[str, ItemInput],
    actor: User,
    *,
    from_page: bool = True,
) -> SaveResult:
    """Save the prerequisites' yes/no answers (stored as level 1/0) and comments.

    `from_page` as for save_section.
    """
    lock_editable(assessment, "save prerequisites")
    known = {prerequisite.id for prerequisite in rubric.prerequisites}
    unknown = set(answers) - known
    if unknown:
        raise KeyError(f"no prerequisites {sorted(unknown)} in {rubric.key}")
    checked = [(p_id, *check_prerequisite(p_id, typed)) for p_id, typed in answers.items()]
    versions = {p_id: typed.version for p_id, typed in answers.items()}
    return _save_checked(assessment, checked, versions, actor, "prerequisites", from_page=from_page)


def _save_checked(
    assessment: Assessment,
    checked: list[tuple[str, dict[str, Any], list[Problem]]],
    versions: Mapping[str, int | None],
    actor: User,
    what: str,
    *,
    from_page: bool,
) -> SaveResult:
    existing = queries.answers_by_item(assessment)
    taken = up_to_date(versions, existing)  # read before the save writes anything
    changed: list[str] = []
    conflicts: list[Conflict] = []
    for subject, values, found in checked:
        outcome = apply_answer(
            assessment,
            existing,
            subject,
            values,
            actor,
            versions.get(subject),
            keep_copied_mark=not from_page,
        )
        if isinstance(outcome, Conflict):
            conflicts.append(outcome)
            continue
        if outcome:
            changed.append(subject)
        if from_page:
            _reviewed(existing.get(subject), found)
    problems = tuple(problem for _, _, found in checked for problem in found)
    if changed:
        touch(assessment)
    db.session().flush()
    logger.info(
        "assessment %s %s: %d changed, %d problems, %d conflicts",
        assessment.id,
        what,
        len(changed),
        len(problems),
        len(conflicts),
    )
    return SaveResult(
        problems=problems,
        changed=tuple(changed),
        conflicts=tuple(conflicts),
        stored=stored_after(taken, existing, answer_values),
    )


def _reviewed(answer: Answer | None, problems: list[Problem]) -> None:
    """Unmark a copied answer saved on its page without a problem: it has been reviewed."""
    if answer is not None and answer.copied_from_year is not None and not problems:
        answer.copied_from_year = None


def submit_assessment(
    assessment: Assessment,
    actor: User,
    at: dt.datetime | None = None,
    on_lowered: Callable[[Scorecard], None] | None = None,
) -> Scorecard:
    """Lock a complete assessment and store its overall score and stars.

    Raise InvalidState unless it is editable and its cycle open, SubmissionClosed after the
    deadline unless the secretariat allowed a late submission, and Incomplete (listing
    what is missing) unless every item, prerequisite and core KPI input is answered.
    `at` is the moment of submission (now; the demo records past years' submissions).
    The row lock is taken first, so the answers scored are the ones committed with the
    status: a concurrent save waits and is then refused, a second submit is refused.
    A final rating the resubmitted data cap is lowered at once (final_lowering);
    `on_lowered` is then called with the lowered final scorecard (the view queues notices).
    """
    at = at or utcnow()
    lock_editable(assessment, "submit")
    if not assessment.cycle.is_open:
        raise InvalidState("cycle", str(assessment.cycle.status), "submit")
    if not may_submit_now(assessment.cycle, assessment.organisation_id, beijing_day(at)):
        raise SubmissionClosed(f"deadline {assessment.cycle.deadline} has passed")
    rubric = queries.rubric_of(assessment)
    missing = missing_parts(
        rubric,
        queries.answers_by_item(assessment),
        present_inputs(assessment, rubric),
        typed_inputs(assessment),
        queries.filed_ids(assessment),
    )
    if missing:
        raise Incomplete(missing)
    before = {"status": str(assessment.status)}
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = at
    assessment.submitted_late = submitted_after_deadline(assessment.cycle.deadline, at)
    assessment.submitted_by_id = actor.id
    review = review_context_of(assessment)
    card = compute_scorecard(assessment, rubric, review=review)
    assessment.overall_score = card.overall
    assessment.stars = card.rating.stars
    write_snapshot(assessment, SnapshotKind.SELF, card, review)
    lowered = lower_final_rating(assessment, card, actor)
    if lowered is not None and on_lowered is not None:
        on_lowered(lowered)
    after = {"status": "submitted", "overall_score": card.overall, **logged_stars(card.rating)}
    record(actor, "assessment", assessment.id, "submit", before=before, after=after)
    logger.info(
        "assessment %s submitted: %s, %s stars", assessment.id, card.overall, card.rating.stars
    )
    return card


def return_assessment(assessment: Assessment, comment: str, actor: User) -> None:
    """Send a submitted assessment back for revision with a comment (it becomes editable)."""
    if assessment.status is not AssessmentStatus.SUBMITTED:
        raise InvalidState("assessment", str(assessment.status), "return")
    if not assessment.cycle.is_open:  # its result is frozen with the closed year
        raise InvalidState("cycle", str(assessment.cycle.status), "return")
    text = comment.strip()
    if not text:
        raise CommentRequired("a comment is required to return an assessment")
    lock_in_state(assessment, (AssessmentStatus.SUBMITTED,), "return")
    kept = find_snapshot(assessment, SnapshotKind.SELF)
    before = {
        "status": str(assessment.status),
        "overall_score": assessment.overall_score,
        # 未评定（一票否决） is said as such in the log, not "0" (qa55 #1)
        **(
            logged_stars(snapshot_scorecard(kept).rating)
            if kept is not None
            else {"stars": assessment.stars}
        ),
    }
    assessment.status = AssessmentStatus.RETURNED
    assessment.return_comment = text
    # Every return is a round, with or without item notes (returns.py stores them with it).
    assessment.return_round += 1
    # The stored score belonged to the submitted answers; it is recomputed at the next submit.
    assessment.overall_score = None
    assessment.stars = None
    delete_snapshot(assessment, SnapshotKind.SELF)
    after = {"status": "returned", "return_comment": text}
    record(actor, "assessment", assessment.id, "return", before=before, after=after, reason=text)
    logger.info("assessment %s returned for revision", assessment.id)


def freeze_assessment(assessment: Assessment) -> None:
    """Write the assessment's frozen snapshot: the published result of its closed year.

    A peer-reviewed assessment publishes its final rating (the review's snapshot), not its
    self levels; one under re-review after an upheld appeal its rating of record
    (rating_to_freeze).
    """
    final = rating_to_freeze(assessment)
    if final is not None:
        card, review = snapshot_scorecard(final), snapshot_review_context(final)
    else:
        review = review_context_of(assessment)
        card = compute_scorecard(assessment, review=review)
    write_snapshot(assessment, SnapshotKind.FROZEN, card, review)


def rating_to_freeze(assessment: Assessment) -> ScorecardSnapshot | None:
    """Return the kept rating a closed year publishes for the assessment, None: its self result.

    The rating of record (snapshots.final_of_record): a finished peer review's final rating,
    else the earlier final rating an upheld appeal reopened, which stays marked as contested
    (queries.rated_stars sees the kept `appealed` and no final one). The close page lists
    these cases.
    """
    return final_of_record(assessment)


FREEZE_CHUNK = 20  # assessments frozen between two checkpoints (about a second of work)


def freeze_cycle_results(
    cycle: ReportingCycle, actor: User | None, checkpoint: Callable[[], None] | None = None
) -> list[int]:
    """Freeze every submitted assessment of `cycle` (the cycle's close hook); return their ids.

    Result pages and reports of a closed year read these snapshots, so published results
    do not move when a rubric file or the scoring code changes later. Closing again after
    a reopen freezes afresh.

    The background close passes `checkpoint` (a commit), called after every FREEZE_CHUNK
    assessments: SQLite's write lock is then held a chunk at a time, not for the whole
    close, and a close run again after a failure skips what was frozen since it was asked
    for. The submitted assessments are listed again at the end, so one submitted just
    before the close was asked for is frozen too.
    """
    since = cycle.close_requested_at
    frozen: list[int] = []
    done = set() if since is None else queries.frozen_since(cycle.id, since)
    while pending := [i for i in queries.submitted_ids(cycle.id) if i not in done]:
        for start in range(0, len(pending), FREEZE_CHUNK):
            for assessment_id in pending[start : start + FREEZE_CHUNK]:
                assessment = db.session().get_one(Assessment, assessment_id)
                refresh_final_before_freeze(assessment, actor)
                freeze_assessment(assessment)
                done.add(assessment_id)
                frozen.append(assessment_id)
            if checkpoint is not None:
                checkpoint()
    logger.info("cycle %s: %d results frozen by %s", cycle.id, len(frozen), _actor_id(actor))
    return sorted(done)


def _actor_id(actor: User | None) -> int | str:
    return actor.id if actor is not None else "cli"
