"""A reviewer's work: decide items one at a time, accept the rest, write findings, submit."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.queries import rubric_of
from rcapp.audit.services import record
from rcapp.db import utcnow
from rcapp.errors import InvalidState
from rcapp.reviews import finding_files
from rcapp.reviews.audit_values import level_entry, levels_of, yes_no_items
from rcapp.reviews.consolidation import self_verdicts
from rcapp.reviews.errors import (
    AssignmentSubmitted,
    DecisionNotAllowed,
    FindingChanged,
    FindingIncomplete,
    LevelRequired,
    ReasonRequired,
    ReviewFinalised,
    ReviewRefused,
    SavedMeanwhile,
    UndecidedItems,
    YearClosed,
)
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.finding_gone import finding_stamp
from rcapp.reviews.finding_hands import last_hand
from rcapp.reviews.models import (
    ActionStatus,
    AssignmentStatus,
    Decision,
    Finding,
    FindingFile,
    FindingKind,
    ItemDecision,
    ReviewAssignment,
)
from rcapp.reviews.rechecks import require_no_conflict
from rcapp.reviews.resubmitted import items_to_check
from rcapp.reviews.rules import NA, Verdict, saved_stamp, undecided
from rcapp.reviews.year_lock import require_open_year, year_closed
from rcapp.rubrics.model import Item, ItemKind
from rcapp.uniques import AlreadyStored, claim

logger = logging.getLogger(__name__)
NA_DECISIONS = (Decision.NA_ACCEPT, Decision.NA_REJECT)
ACCEPTED = (Decision.ACCEPT, Decision.NA_ACCEPT)  # decisions that take the self level


def _editable(assignment: ReviewAssignment) -> None:
    require_open_year(assignment.review.assessment, "change decisions")
    if assignment.review.is_final:
        raise ReviewFinalised("change decisions")
    if assignment.is_submitted:
        raise AssignmentSubmitted("change decisions")
    # The reviewer may have joined the reviewed organisation (or left theirs) since.
    require_no_conflict(assignment)


def closed_to_reviewer(assignment: ReviewAssignment) -> ReviewRefused | None:
    """Return what refuses every save of the reviewer now that his page shows no form, or None.

    As `_editable` checks, without its lock: read before a save, to answer it as the page
    would (the item's form, its input still there, is not answered for a closed page).
    """
    if year_closed(assignment.review):
        return YearClosed("change decisions", assignment.review.assessment.cycle.year)
    if assignment.review.is_final:
        return ReviewFinalised("change decisions")
    if assignment.is_submitted:
        return AssignmentSubmitted("change decisions")
    return None


def check_decision(
    item: Item, is_na: bool, decision: Decision, level: int | None, reason: str
) -> None:
    """Raise what is wrong with one decision (pure; the view shows it beside the item)."""
    if (decision in NA_DECISIONS) != is_na:
        raise DecisionNotAllowed(item.id)
    if decision in (Decision.ADJUST, Decision.NA_REJECT):
        scale = 4 if item.kind.value == "number" else item.max_level
        if level is None or not 0 <= level <= scale:
            raise LevelRequired(item.id, scale)
        if not reason.strip():
            raise ReasonRequired(item.id)


def decision_of(assignment: ReviewAssignment, item_id: str) -> ItemDecision | None:
    return next((d for d in assignment.decisions if d.item_id == item_id), None)


def decision_stamp(decision: ItemDecision | None) -> str:
    """Return what a page keeps of the decision it showed (rules.saved_stamp)."""
    return saved_stamp(None if decision is None else decision.decided_at)


def save_decision(
    assignment: ReviewAssignment,
    item: Item,
    is_na: bool,
    decision: Decision,
    level: int | None,
    reason: str,
    actor: User,
    seen: str | None = None,
    own: Verdict | None = None,
) -> ItemDecision:
    """Record (or replace) the reviewer's decision on one item.

    `seen` is the `decision_stamp` of the decision the page showed (None: not tracked).
    When the item was decided differently since (another tab, "accept the rest"),
    SavedMeanwhile is raised instead of overwriting; the same decision passes.
    `own` is the organisation's level (NA for an N/A claim), which an "accept" takes and
    the audit log records; None: read from the self-assessment.
    """
    _editable(assignment)
    check_decision(item, is_na, decision, level, reason)
    keeps_level = decision in (Decision.ADJUST, Decision.NA_REJECT)
    found = decision_of(assignment, item.id)
    wanted = (decision, level if keeps_level else None, reason.strip() or None)
    if (
        seen is not None
        and seen != decision_stamp(found)
        and found is not None
        and (found.decision, found.level, found.reason) != wanted
    ):
        raise SavedMeanwhile(
            item.id, found.level, found.reason or "", assignment.reviewer_id, found.decision
        )
    yes_no = item.kind is ItemKind.YES_NO
    accepting = {decision, None if found is None else found.decision} & set(ACCEPTED)
    if own is None and accepting:  # the log records the level accepted
        own = NA if is_na else _self_levels(assignment).get(item.id)
    before = None if found is None else _decision_entry(found.decision, found.level, yes_no, own)
    values = {
        "decision": decision,
        "level": level if keeps_level else None,
        "reason": reason.strip() or None,
        "decided_at": utcnow(),
    }
    if found is None:
        try:
            with claim(ItemDecision, "assignment_id", "item_id"):
                found = ItemDecision(assignment=assignment, item_id=item.id, **values)
                db.session().add(found)
        except AlreadyStored:
            # Saved by another request (a second tab) since the check: decide again against it.
            db.session().expire(assignment, ["decisions"])
            return save_decision(assignment, item, is_na, decision, level, reason, actor, seen, own)
    else:
        for name, value in values.items():
            setattr(found, name, value)
    db.session().flush()
    record(
        actor,
        "review",
        assignment.review_id,
        "review.decide",
        field=item.id,
        before=before,
        after=_decision_entry(decision, found.level, yes_no, own),
        reason=found.reason,
    )
    return found


def _decision_entry(
    decision: Decision, level: int | None, yes_no: bool, own: Verdict | None
) -> dict[str, object]:
    """Return a decision as the log keeps it: an accepted one with the level it accepted (D4)."""
    accepted = decision in ACCEPTED
    if decision is Decision.NA_ACCEPT:
        own = NA
    return {"decision": decision, **level_entry(own if accepted else level, yes_no)}


def _self_levels(assignment: ReviewAssignment) -> dict[str, Verdict]:
    """Return the organisation's level of every item (one scoring of the self-assessment)."""
    assessment = assignment.review.assessment
    return self_verdicts(self_scorecard(assessment, rubric_of(assessment)))


@dataclass(frozen=True)
class Accepted:
    """What "accept the rest" did: how many items it accepted, which were decided meanwhile."""

    added: int
    meanwhile: list[str]


def decided_items(assignment: ReviewAssignment) -> set[str]:
    return {d.item_id for d in assignment.decisions}


def accept_remaining(
    assignment: ReviewAssignment,
    item_ids: list[str],
    na_items: set[str],
    actor: User,
    selfs: dict[str, Verdict] | None = None,
) -> Accepted:
    """Accept every listed item the reviewer has not decided (N/A claims are accepted as N/A).

    An item decided by another request since the check (a second tab) keeps that decision
    and is named in `meanwhile`; the others are accepted all the same. The log lists the
    items accepted with their levels: `selfs` (self_verdicts), or read here when None.
    """
    _editable(assignment)
    decided = decided_items(assignment)
    wanted = [i for i in item_ids if i not in decided]
    try:
        with claim(ItemDecision, "assignment_id", "item_id"):
            for item_id in wanted:
                _accept(assignment, item_id, na_items)
        meanwhile: list[str] = []
    except AlreadyStored:
        # One at a time now, each in its own SAVEPOINT: only the colliding ones are skipped.
        db.session().expire(assignment, ["decisions"])
        meanwhile = [i for i in wanted if not _accepted_alone(assignment, i, na_items)]
    added = len(wanted) - len(meanwhile)
    if added:  # nothing accepted (all decided already): nothing to log
        accepted = [i for i in wanted if i not in meanwhile]
        levels = dict(_self_levels(assignment) if selfs is None else selfs)
        levels.update({i: NA for i in accepted if i in na_items})
        binary = yes_no_items(rubric_of(assignment.review.assessment))
        after = {"items": added, "levels": levels_of(levels, accepted, binary)}
        record(actor, "review", assignment.review_id, "review.accept_rest", after=after)
    return Accepted(added, meanwhile)


def _accept(assignment: ReviewAssignment, item_id: str, na_items: set[str]) -> None:
    decision = Decision.NA_ACCEPT if item_id in na_items else Decision.ACCEPT
    db.session().add(ItemDecision(assignment=assignment, item_id=item_id, decision=decision))


def _accepted_alone(assignment: ReviewAssignment, item_id: str, na_items: set[str]) -> bool:
    if decision_of(assignment, item_id) is not None:
        return False
    try:
        with claim(ItemDecision, "assignment_id", "item_id"):
            _accept(assignment, item_id, na_items)
    except AlreadyStored:
        db.session().expire(assignment, ["decisions"])
        return False
    return True


def add_finding(
    assignment: ReviewAssignment,
    kind: FindingKind,
    text: str,
    item_id: str | None,
    owner: str,
    due_on: dt.date | None,
    actor: User,
) -> Finding:
    """Add a finding; a corrective action needs an owner and a due date."""
    _editable(assignment)
    check_finding(kind, text, owner, due_on)
    finding = Finding(
        review_id=assignment.review_id,
        assignment_id=assignment.id,
        item_id=item_id or None,
        kind=kind,
        text=text.strip(),
        owner=owner.strip() or None,
        due_on=due_on,
        created_by_id=actor.id,
        action_status=ActionStatus.OPEN if kind is FindingKind.CORRECTIVE_ACTION else None,
    )
    db.session().add(finding)
    db.session().flush()
    record(
        actor,
        "review",
        assignment.review_id,
        "review.finding",
        # What was found, and for a corrective action who is to fix it by when (S10).
        after={
            "kind": kind,
            "item": item_id,
            "text": finding.text,
            **({"owner": finding.owner, "due_on": finding.due_on} if finding.owner else {}),
        },
    )
    return finding


def check_finding(kind: FindingKind, text: str, owner: str, due_on: dt.date | None) -> None:
    """Require a text, and for a corrective action an owner and a due date."""
    if not text.strip():
        raise FindingIncomplete("text")
    if kind is FindingKind.CORRECTIVE_ACTION and not owner.strip():
        raise FindingIncomplete("owner")
    if kind is FindingKind.CORRECTIVE_ACTION and due_on is None:
        raise FindingIncomplete("due_on")


def changed_fields(
    finding: Finding, text: str, owner: str, due_on: dt.date | None
) -> tuple[dict[str, object], dict[str, object]]:
    """Write the new values on the finding; return the changed fields before and after."""
    before: dict[str, object] = {"finding": finding.id}
    after: dict[str, object] = {"finding": finding.id}
    for name, value in (
        ("text", text.strip()),
        ("owner", owner.strip() or None),
        ("due_on", due_on),
    ):
        if getattr(finding, name) != value:
            before[name], after[name] = getattr(finding, name), value
            setattr(finding, name, value)
    return before, after


def edit_own_finding(
    finding: Finding,
    assignment: ReviewAssignment,
    kind: FindingKind,
    fields: tuple[str | None, str, str, dt.date | None],
    actor: User,
    seen: str,
) -> None:
    """Correct the reviewer's own finding before she submits: the checks of adding one.

    `fields`: the item (or None), text, owner and due date. `seen`: the finding's stamp the
    page showed; a finding changed since (another tab) is refused, not overwritten.
    """
    _editable(assignment)
    if finding.assignment_id != assignment.id:
        raise InvalidState("finding", "another reviewer's", "edit")
    if seen != finding_stamp(finding):
        raise FindingChanged(finding.id, last_hand(finding, actor.id))
    item_id, text, owner, due_on = fields
    check_finding(kind, text, owner, due_on)
    before, after = changed_fields(finding, text, owner, due_on)
    if finding.kind is not kind or finding.item_id != (item_id or None):
        before.update(kind=finding.kind, item=finding.item_id)
        after.update(kind=kind, item=item_id or None)
        finding.kind, finding.item_id = kind, item_id or None
    corrective = kind is FindingKind.CORRECTIVE_ACTION
    finding.action_status = ActionStatus.OPEN if corrective else None
    if len(after) == 1:
        return
    db.session().flush()
    record(actor, "review", assignment.review_id, "review.finding_edit", before=before, after=after)


def delete_finding(finding: Finding, assignment: ReviewAssignment, actor: User) -> None:
    _editable(assignment)
    if finding.assignment_id != assignment.id:
        raise InvalidState("finding", "another reviewer's", "delete")
    record(
        actor,
        "review",
        assignment.review_id,
        "review.finding_delete",
        before={"finding": finding.id, "text": finding.text},  # the id: a stale page asks
    )
    finding_files.forget_files(
        finding
    )  # its photos and files go from the disk once this is committed
    db.session().delete(finding)
    db.session().flush()


def remove_finding_file(file: FindingFile, assignment: ReviewAssignment, actor: User) -> None:
    """Remove a photo or file from the reviewer's own finding before she submits."""
    _editable(assignment)
    if file.finding.assignment_id != assignment.id:
        raise InvalidState("finding", "another reviewer's", "remove a file")
    finding_files.delete_file(file.finding, file, actor)


def sampled_undecided(assignment: ReviewAssignment) -> tuple[str, ...]:
    """Return the sampled items the reviewer has still to decide one by one, in sample order."""
    return undecided(items_to_check(assignment.review), decided_items(assignment))


def submit_assignment(assignment: ReviewAssignment, actor: User) -> None:
    """Submit once every sampled item is decided; undecided others count as accepted."""
    _editable(assignment)
    missing = sampled_undecided(assignment)
    if missing:
        raise UndecidedItems(missing)
    assignment.status = AssignmentStatus.SUBMITTED
    assignment.submitted_at = utcnow()
    db.session().flush()
    # The reviewer by id: the log names them as users know them, not by the assignment's id.
    after = {"reviewer": assignment.reviewer_id}
    record(actor, "review", assignment.review_id, "review.submit", after=after)
    logger.info("Review assignment %s submitted by %s", assignment.id, actor.id)
