"""The lead settles and finalises; the organisation closes actions and may appeal.

Finalising scores the assessment with the settled final levels (consolidation.py) in the
review's context (how many reviewers, desk or on site), stores the scorecard as the
assessment's `final` snapshot and makes the rating final.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from decimal import Decimal
from typing import IO

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments import storage
from rcapp.assessments.models import Assessment, AssessmentStatus, SnapshotKind
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.rating_words import logged_stars, vetoed
from rcapp.assessments.snapshots import appealed_scorecard, find_snapshot, keep_as, write_snapshot
from rcapp.audit.services import record
from rcapp.benchmarks.services import ladder_stats
from rcapp.clock import beijing_day, beijing_today
from rcapp.db import utcnow
from rcapp.errors import InvalidState
from rcapp.reviews.audit_values import level_entry, person, rating_entry, short, shown
from rcapp.reviews.consolidation import DiscrepancyMap, discrepancy_map
from rcapp.reviews.errors import (
    AnswersReturned,
    AppealAlreadyDecided,
    AppealAlreadyOpen,
    AppealPeriodOver,
    DueDatePassed,
    EvidenceRequired,
    LevelRequired,
    NaNotClaimed,
    NoSubmittedReviews,
    RatingChanged,
    ReasonRequired,
    ReviewFinalised,
    SavedMeanwhile,
    SettlerIsReviewer,
    UnsettledItems,
)
from rcapp.reviews.finalcard import final_levels, scorecard_with_levels, self_scorecard
from rcapp.reviews.models import (
    ActionStatus,
    Appeal,
    AppealItem,
    AppealStatus,
    Decision,
    Finding,
    Review,
    ReviewStatus,
    Settlement,
)
from rcapp.reviews.queries import context_of
from rcapp.reviews.rules import MIN_REVIEWERS, NA, ReviewKindRule, Verdict, saved_stamp
from rcapp.reviews.services import remove_assignment
from rcapp.reviews.settlers import acting_as
from rcapp.reviews.year_lock import require_open_year
from rcapp.row_locks import locked_in_state
from rcapp.rubrics.model import ItemKind
from rcapp.scoring import Scorecard
from rcapp.uniques import AlreadyStored, claim

logger = logging.getLogger(__name__)


def in_review(review: Review, action: str) -> None:
    """Lock the assessment, then the review (the order returning takes), in their states.

    Settling and finalising then run one after the other: no settlement slips in after
    finalising read them, and a second finalise (a double click, a colleague) is refused.
    First the year: a closed year's results are frozen (year_lock).
    """
    require_open_year(review.assessment, action)
    # Returned for revision, the answers are the organisation's draft again: nothing may be
    # settled or rated on them until they are submitted once more.
    if not locked_in_state(review.assessment, "status", (AssessmentStatus.SUBMITTED,)):
        if review.is_final:
            raise ReviewFinalised(action)
        raise AnswersReturned(action)
    if not locked_in_state(review, "status", (ReviewStatus.IN_REVIEW,)):
        raise ReviewFinalised(action)


def settlement_stamp(settlement: Settlement | None) -> str:
    """Return what a page keeps of the settlement it showed (rules.saved_stamp)."""
    return saved_stamp(None if settlement is None else settlement.settled_at)


def settlement_of(review: Review, item_id: str) -> Settlement | None:
    return next((s for s in review.settlements if s.item_id == item_id), None)


def na_claimed(review: Review, item_id: str) -> bool:
    """Whether anyone claimed the item N/A: the organisation's answer, or a reviewer's decision.

    Only then may the lead settle it N/A (upholding the claim); otherwise an N/A would take
    an item nobody found inapplicable out of the score.
    """
    if any(a.item_id == item_id and a.is_na for a in review.assessment.answers):
        return True
    return any(
        d.item_id == item_id and d.decision is Decision.NA_ACCEPT
        for a in review.submitted_assignments
        for d in a.decisions
    )


def not_own_review(review: Review, actor: User, action: str) -> None:
    """Four eyes: a reviewer of the review neither settles nor finalises it."""
    if any(a.reviewer_id == actor.id for a in review.assignments):
        raise SettlerIsReviewer(action)


def settle_item(
    review: Review,
    item_id: str,
    verdict: Verdict | None,
    reason: str,
    actor: User,
    seen: str | None = None,
) -> Settlement:
    """Record the lead's level for one item (NA upholds an N/A claim), with a reason.

    `seen` is the `settlement_stamp` of the settlement the page showed (None: not tracked).
    When the item was settled differently since (the deputy, the secretariat, another tab),
    SavedMeanwhile is raised instead of overwriting; the same level and reason pass.
    """
    in_review(review, "settle")
    not_own_review(review, actor, "settle")
    rubric = rubric_of(review.assessment)
    item = rubric.item_index().get(item_id)
    if item is None:
        raise InvalidState("item", item_id, "settle")
    scale = 4 if item.kind.value == "number" else item.max_level
    if verdict is None or (
        verdict != NA and not (isinstance(verdict, int) and 0 <= verdict <= scale)
    ):
        raise LevelRequired(item_id, scale)
    if verdict == NA and not na_claimed(review, item_id):
        raise NaNotClaimed(item_id, scale)
    if not reason.strip():
        raise ReasonRequired(item_id)
    level = None if verdict == NA else int(verdict)
    found = settlement_of(review, item_id)
    if (
        seen is not None
        and seen != settlement_stamp(found)
        and found is not None
        and (found.level, found.reason) != (level, reason.strip())
    ):
        raise SavedMeanwhile(item_id, found.level, found.reason, found.settled_by_id)
    if found is not None and (found.level, found.reason) == (level, reason.strip()):
        return found  # settled so already (a second click, a re-save): nothing to record
    yes_no = item.kind is ItemKind.YES_NO
    before = _in_dispute(review, item_id, yes_no)
    if found is not None:  # settled before: the level it replaces
        before.update(level_entry(NA if found.level is None else found.level, yes_no))
    values = {
        "level": level,
        "reason": reason.strip(),
        "settled_by_id": actor.id,
        "settled_at": utcnow(),
    }
    if found is None:
        try:
            with claim(Settlement, "review_id", "item_id"):
                found = Settlement(review=review, item_id=item_id, **values)
                db.session().add(found)
        except AlreadyStored:
            # Settled by another lead since the check: settle again against what is stored.
            db.session().expire(review, ["settlements"])
            return settle_item(review, item_id, verdict, reason, actor, seen)
    else:
        for name, value in values.items():
            setattr(found, name, value)
    db.session().flush()
    record(
        actor,
        "review",
        review.id,
        "review.settle",
        field=item_id,
        before=before,
        after=level_entry(NA if level is None else level, yes_no) | acting_as(actor, review),
        reason=found.reason,
    )
    return found


def _in_dispute(review: Review, item_id: str, yes_no: bool) -> dict[str, object]:
    """Return the levels the lead settles between: the self level and each reviewer's (D5)."""
    rubric = rubric_of(review.assessment)
    found = discrepancy_map(review, rubric, self_scorecard(review.assessment, rubric))
    row = next((r for r in found.rows if r.item_id == item_id), None)
    if row is None:
        return {}
    reviewers = {
        person(assignment.reviewer): shown(verdict, yes_no)
        for assignment, (verdict, _decision) in zip(found.assignments, row.reviewers, strict=True)
    }
    return {"self_level": shown(row.self_verdict, yes_no), "reviewer_levels": reviewers}


def final_scorecard(review: Review, found: DiscrepancyMap | None = None) -> Scorecard:
    """Score the assessment with the review's final levels (settled, or consolidated).

    The KPI ladder and gates compare with the stored statistics of the organisation's
    working group (benchmarks.services.ladder_stats), when the group is large enough.
    `found` is the review's discrepancy map when the caller has it already (scoring the
    self levels again for it costs as much as the final scoring itself).
    """
    assessment = review.assessment
    rubric = rubric_of(assessment)
    if found is None:
        found = discrepancy_map(review, rubric, self_scorecard(assessment, rubric))
    changed = {row.item_id: row.final for row in found.rows if row.changed}
    reasons = {a.item_id: a.na_reason or "" for a in assessment.answers if a.is_na}
    levels = final_levels(rubric, changed, reasons)
    stats = ladder_stats(assessment.organisation, assessment.cycle_id)
    return scorecard_with_levels(assessment, rubric, levels, context_of(review), stats)


def _replaced_rating(review: Review, own: Scorecard) -> dict[str, object]:
    """Return the rating a finalisation replaces (D5).

    The earlier final one, set aside by an upheld appeal, or else the provisional one.
    """
    earlier = find_snapshot(review.assessment, SnapshotKind.APPEALED, document=False)
    if earlier is None:
        return rating_entry(own, "provisional")
    return {"rating": "final", "overall": earlier.overall_score, "stars": earlier.stars}


def rating_stamp(card: Scorecard) -> str:
    """Return what the confirmation page keeps of the rating it showed (stars, score)."""
    return f"{card.rating.stars}:{int(card.rating.rated)}:{card.overall}"


def finalise_review(
    review: Review,
    appeal_days: int,
    actor: User,
    confirmed: str | None = None,
    reason: str | None = None,
) -> Scorecard:
    """Make the rating final: every flagged item settled, enough reviews submitted.

    `reason` says why a rating is given again after an upheld appeal (the page asks for
    it then); it is kept as the audit entry's reason.

    `confirmed` is the `rating_stamp` the lead confirmed (None: not checked, the CLI and
    the demo); when the rating comes out otherwise now (an item settled meanwhile, or ""
    when nothing was confirmed yet), RatingChanged is raised after every other check and
    nothing is written.
    """
    in_review(review, "finalise")
    not_own_review(review, actor, "finalise")
    needed = MIN_REVIEWERS[ReviewKindRule(review.kind.value)]
    if len(review.submitted_assignments) < needed:
        raise NoSubmittedReviews(needed)
    rubric = rubric_of(review.assessment)
    own = self_scorecard(review.assessment, rubric)
    found = discrepancy_map(review, rubric, own)
    if found.unsettled:
        raise UnsettledItems(found.unsettled)
    card = final_scorecard(review, found)
    if confirmed is not None and confirmed != rating_stamp(card):
        raise RatingChanged(
            card.rating.stars, card.rating.rated, vetoed(card.rating), card.overall, confirmed
        )
    # A reviewer who never submitted (e.g. in a declared conflict) is withdrawn, audited:
    # left open, the assignment stayed "in review" for ever and counted in the workload.
    for assignment in [a for a in review.assignments if not a.is_submitted]:
        remove_assignment(assignment, actor, "review.withdraw_at_final")
    replaced = _replaced_rating(review, own)
    write_snapshot(review.assessment, SnapshotKind.FINAL, card, context_of(review))
    review.status = ReviewStatus.FINAL
    review.finalised_at = utcnow()
    review.finalised_by_id = actor.id
    review.final_score = card.overall
    review.final_stars = card.rating.stars
    # Counted in Beijing days, as the final page shows them and the appeal form checks them.
    review.appeal_until = beijing_day(review.finalised_at) + dt.timedelta(days=appeal_days)
    db.session().flush()
    record(
        actor,
        "review",
        review.id,
        "review.finalise",
        before=replaced,
        after={
            "overall": card.overall,
            **logged_stars(card.rating),  # 未评定（一票否决）, not 0 (qa55 #1)
            "reviewers": context_of(review).peer_reviewers,
        },
        reason=(reason or "").strip() or None,
    )
    logger.info("Review %s finalised by %s: %s stars", review.id, actor.id, card.rating.stars)
    return card


def close_action(
    finding: Finding,
    evidence: str,
    actor: User,
    upload: tuple[str, IO[bytes]] | None = None,
    drop_earlier: bool = False,
) -> None:
    """Close a corrective action (the organisation) with evidence, for the lead to accept.

    `upload` is an optional evidence file (name, stream), checked and stored as an
    assessment's evidence is: type by content, size limit, and no file left behind when
    the row is not written or the transaction does not commit (storage.UploadRefused).
    `drop_earlier`: without an upload, the file of an earlier closing (one the lead sent
    back) is no longer attached; it is deleted once the transaction commits.
    """
    # Also while an upheld appeal has the review open again: the actions still stand.
    if not finding.review.has_outcome or not locked_in_state(
        finding, "action_status", (ActionStatus.OPEN,)
    ):
        raise InvalidState("corrective action", str(finding.action_status), "close")
    if not evidence.strip():
        raise EvidenceRequired("evidence")
    before = _action_named(finding)
    finding.action_status = ActionStatus.CLOSED
    finding.closing_evidence = evidence.strip()
    finding.closed_at = utcnow()
    finding.closed_by_id = actor.id
    if upload is not None:
        _attach(finding, *upload)
    elif drop_earlier and finding.closing_file_stored is not None:
        _detach(finding)
    db.session().flush()
    record(
        actor,
        "review",
        finding.review_id,
        "action.close",
        field=str(finding.id),
        before=before,
        after={
            "action_status": finding.action_status,
            "evidence": finding.closing_evidence,
            "file": finding.closing_file_name,
        },
    )


def _action_named(finding: Finding) -> dict[str, object]:
    """Name a corrective action in the log by item, text (shortened) and status (D8).

    The entry's field stays the finding's id, which pages look the last change up by.
    """
    return {
        "item": finding.item_id,
        "text": short(finding.text),
        "action_status": finding.action_status,
    }


def _attach(finding: Finding, filename: str, stream: IO[bytes]) -> None:
    name = storage.upload_name(filename)
    stored = storage.store_upload(stream, name, storage.max_upload_bytes(), storage.upload_dir())
    earlier = finding.closing_file_stored  # a reopened action closed again: replace its file
    finding.closing_file_name = name
    finding.closing_file_stored = stored.stored_name
    finding.closing_file_type = stored.content_type
    finding.closing_file_size = stored.size
    finding.closing_file_sha256 = stored.sha256
    session = db.session()
    try:
        session.flush()
    except BaseException:
        stored.path.unlink(missing_ok=True)  # the row was not written: no orphan file
        raise
    old = None if earlier is None else storage.stored_path(earlier, storage.upload_dir())
    storage.on_outcome(
        session,
        committed=(lambda: old.unlink(missing_ok=True)) if old is not None else None,
        abandoned=lambda: stored.path.unlink(missing_ok=True),
    )


def _detach(finding: Finding) -> None:
    """Stop attaching the earlier closing's file; delete it once the change is committed."""
    earlier = finding.closing_file_stored
    finding.closing_file_name = None
    finding.closing_file_stored = None
    finding.closing_file_type = None
    finding.closing_file_size = None
    finding.closing_file_sha256 = None
    if earlier is not None:
        old = storage.stored_path(earlier, storage.upload_dir())
        storage.on_outcome(db.session(), committed=lambda: old.unlink(missing_ok=True))


def accept_action(
    finding: Finding,
    accept: bool,
    actor: User,
    reason: str = "",
    due_on: dt.date | None = None,
) -> None:
    """Accept a closed corrective action, or reopen it with a reason (the lead).

    The reason tells the organisation why its evidence was not enough; it stays on the
    action when it is closed again, so the lead judging the new evidence sees it too.
    `due_on`: the new due date of a reopened action (None keeps its own); one before
    today is refused, as when an action is raised (qa72 M2).
    """
    if not accept and due_on is not None and due_on < beijing_today():
        raise DueDatePassed("reopen")
    if not locked_in_state(finding, "action_status", (ActionStatus.CLOSED,)):
        raise InvalidState("corrective action", str(finding.action_status), "accept")
    if not accept and not reason.strip():
        raise ReasonRequired("reopen")
    before = _action_named(finding)
    finding.action_status = ActionStatus.ACCEPTED if accept else ActionStatus.OPEN
    if accept:
        finding.accepted_at = utcnow()
        finding.accepted_by_id = actor.id
    else:
        finding.reopen_reason = reason.strip()
        if due_on is not None:
            finding.due_on = due_on
    db.session().flush()
    record(
        actor,
        "review",
        finding.review_id,
        "action.accept" if accept else "action.reopen",
        field=str(finding.id),
        before=before,
        after={"action_status": finding.action_status, "due_on": finding.due_on},
        reason=None if accept else finding.reopen_reason,
    )


def file_appeal(
    review: Review, reason: str, today: dt.date, actor: User, items: Sequence[str] = ()
) -> Appeal:
    """Appeal a final rating with a reason, within the appeal period.

    `items`: the review's items it disputes (appeal_items; none: the rating as a whole).
    """
    if not review.is_final:
        raise InvalidState("review", review.status, "appeal")
    if review.appeal_until is None or today > review.appeal_until:
        raise AppealPeriodOver("appeal")
    if open_appeal(review) is not None:
        raise AppealAlreadyOpen("appeal")
    if appeal_of_rating(review) is not None:
        raise AppealAlreadyDecided("appeal")
    if not reason.strip():
        raise ReasonRequired("appeal")
    try:
        with claim(Appeal, "review_id"):
            appeal = Appeal(review=review, reason=reason.strip(), filed_by_id=actor.id)
            appeal.items = [AppealItem(item_id=item_id) for item_id in dict.fromkeys(items)]
            db.session().add(appeal)
    except AlreadyStored:
        db.session().expire(review, ["appeals"])
        raise AppealAlreadyOpen("appeal") from None  # filed by another request since the check
    # The rating appealed against (S8).
    appealed = {"rating": "final", "overall": review.final_score, "stars": review.final_stars}
    record(actor, "review", review.id, "appeal.file", before=appealed, reason=appeal.reason)
    return appeal


def open_appeal(review: Review) -> Appeal | None:
    return next((a for a in review.appeals if a.status is AppealStatus.OPEN), None)


def appeal_of_rating(review: Review) -> Appeal | None:
    """Return the appeal already filed against the current final rating (qa14 S14).

    One appeal per final rating: once the secretariat has dismissed it the rating stands.
    An upheld appeal reopens the review; finalised again, its new rating may be appealed.
    """
    if review.finalised_at is None:
        return None
    return next((a for a in review.appeals if a.filed_at >= review.finalised_at), None)


def reopened_rating(
    assessment: Assessment, stars: int | None, overall: Decimal | None
) -> dict[str, object]:
    """Return the final rating an upheld appeal reopens, as its audit entry keeps it.

    With which kind of no star it was (logged_stars: "veto" / "rated"; a rated 0 says
    "rated": true), so a page that has only this entry does not call a veto 未达 1 星.
    """
    kept = appealed_scorecard(assessment)
    rating = None if kept is None else kept.card.rating
    flags = {} if rating is None else logged_stars(rating)
    if stars == 0 and not flags.keys() & {"veto", "rated"} and rating is not None:
        flags["rated"] = True
    return {**flags, "stars": stars, "overall": overall}


def decide_appeal(appeal: Appeal, uphold: bool, reason: str, actor: User) -> None:
    """Decide an open appeal with a reason (the secretariat).

    Upholding it reopens the review: the rating is no longer final, and the lead settles
    again and finalises anew; in a closed year that is refused (YearClosed), as every
    review change is. Dismissing it leaves the final rating as it is, in any year.
    """
    if uphold:
        require_open_year(appeal.review.assessment, "uphold an appeal")
    if not locked_in_state(appeal, "status", (AppealStatus.OPEN,)):
        raise InvalidState("appeal", appeal.status, "decide")
    if not reason.strip():
        raise ReasonRequired("appeal")
    appeal.status = AppealStatus.UPHELD if uphold else AppealStatus.DISMISSED
    appeal.decision_reason = reason.strip()
    appeal.decided_by_id = actor.id
    appeal.decided_at = utcnow()
    review = appeal.review
    record(
        actor,
        "review",
        appeal.review_id,
        "appeal.decide",
        after={"status": appeal.status},
        reason=appeal.decision_reason,
    )
    if uphold:
        stars, overall = review.final_stars, review.final_score
        review.status = ReviewStatus.IN_REVIEW
        review.finalised_at = review.finalised_by_id = None
        review.final_score = review.final_stars = review.appeal_until = None
        # Kept, not deleted: the result page shows it while the lead reviews again, and the
        # re-rating mail names its stars beside the new ones.
        keep_as(review.assessment, SnapshotKind.FINAL, SnapshotKind.APPEALED)
        before = reopened_rating(review.assessment, stars, overall)
        record(actor, "review", review.id, "review.reopen", before=before, reason=reason.strip())
    db.session().flush()
