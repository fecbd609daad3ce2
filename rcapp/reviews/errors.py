"""What review services refuse, as typed errors the views turn into translated messages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from rcapp.errors import InvalidState, NotAllowed, RcappError
from rcapp.reviews.rules import Conflict

if TYPE_CHECKING:
    from rcapp.audit.queries import Hand


class OwnOrganisationReview(NotAllowed):
    """A lead refused a step of its own organisation's review: a conflict of interest.

    Its 403 page says so and who runs that review (QA47 S15, QA57 m2: a bare 403 on the
    consolidation and finalising pages), whichever review page refused it.
    """


class ReviewRefused(RcappError):
    """Base of the expected refusals; nothing has been written when one is raised."""


class ConflictOfInterest(ReviewRefused):
    """`declared_reason`: the reason the reviewer gave when declaring (with Conflict.DECLARED).

    `also`: the other reviewers chosen with this one who are refused too, each with its
    reasons (QA33 S1: the lead is told every one, not only the first).
    """

    def __init__(
        self,
        reviewer_name: str,
        reasons: tuple[Conflict, ...],
        declared_reason: str = "",
        also: tuple[ConflictOfInterest, ...] = (),
    ) -> None:
        super().__init__(f"{reviewer_name}: {', '.join(reasons)}")
        self.reviewer_name = reviewer_name
        self.reasons = reasons
        self.declared_reason = declared_reason
        self.also = also

    @property
    def every(self) -> tuple[ConflictOfInterest, ...]:
        """This refusal and those of the other reviewers chosen with it."""
        return (self, *self.also)


class AssignmentInConflict(ReviewRefused):
    """An open assignment the conflict rules refuse now (the reviewer's organisations changed).

    `reasons` as at assignment time; `no_organisation`: the reviewer left every member
    organisation, so there is none to review from; `organisation_ids`: the reviewer's
    organisations the conflict comes from (the lead is shown them).
    """

    def __init__(
        self,
        reviewer_name: str,
        reasons: tuple[Conflict, ...],
        no_organisation: bool = False,
        declared_reason: str = "",
        organisation_ids: tuple[int, ...] = (),
    ) -> None:
        super().__init__(f"{reviewer_name}: {', '.join(reasons) or 'no organisation'}")
        self.reviewer_name = reviewer_name
        self.reasons = reasons
        self.no_organisation = no_organisation
        self.declared_reason = declared_reason
        self.organisation_ids = organisation_ids


class TooFewReviewers(ReviewRefused):
    def __init__(self, needed: int) -> None:
        super().__init__(f"needs at least {needed} reviewers")
        self.needed = needed


class ReviewTaken(ReviewRefused):
    """Another working group set the review up (its lead was first, maybe this instant).

    `group_id`: the group the review belongs to; nothing has been assigned (qa41 D10).
    """

    def __init__(self, group_id: int) -> None:
        super().__init__(f"review belongs to working group {group_id}")
        self.group_id = group_id


class NotAReviewer(ReviewRefused):
    """The user holds no organisation membership to review from."""


class ReasonRequired(ReviewRefused):
    def __init__(self, item_id: str) -> None:
        super().__init__(f"{item_id}: a reason is required")
        self.item_id = item_id


class DueDatePassed(ReviewRefused):
    """A corrective action's new due date is before today (the form says so first)."""


class LevelRequired(ReviewRefused):
    def __init__(self, item_id: str, max_level: int) -> None:
        super().__init__(f"{item_id}: a level 0-{max_level} is required")
        self.item_id = item_id
        self.max_level = max_level


class NaNotClaimed(ReviewRefused):
    """N/A settled on an item neither the organisation nor a reviewer claimed N/A."""

    def __init__(self, item_id: str, max_level: int) -> None:
        super().__init__(f"{item_id}: nobody claimed N/A")
        self.item_id = item_id
        self.max_level = max_level


class DecisionNotAllowed(ReviewRefused):
    """An N/A decision on an item not claimed N/A, or accept/adjust on an N/A claim."""

    def __init__(self, item_id: str) -> None:
        super().__init__(f"{item_id}: decision does not fit the answer")
        self.item_id = item_id


class UndecidedItems(ReviewRefused):
    def __init__(self, item_ids: tuple[str, ...]) -> None:
        super().__init__(f"undecided: {', '.join(item_ids)}")
        self.item_ids = item_ids


class UnsettledItems(ReviewRefused):
    def __init__(self, item_ids: tuple[str, ...]) -> None:
        super().__init__(f"unsettled: {', '.join(item_ids)}")
        self.item_ids = item_ids


class SettlerIsReviewer(ReviewRefused):
    """The lead settling or finalising is a reviewer of the same review (four eyes)."""

    def __init__(self, action: str) -> None:
        super().__init__(f"{action}: the actor reviews this review")
        self.action = action


class AnswersReturned(ReviewRefused):
    """The assessment was returned for revision: its answers are a draft until resubmitted."""

    def __init__(self, action: str) -> None:
        super().__init__(f"{action}: the answers are returned for revision")
        self.action = action


class NoSubmittedReviews(ReviewRefused):
    """Finalising needs at least the minimum number of submitted reviews."""

    def __init__(self, needed: int) -> None:
        super().__init__(f"needs {needed} submitted reviews")
        self.needed = needed


class FindingIncomplete(ReviewRefused):
    """A corrective action needs an owner and a due date; every finding needs a text."""

    def __init__(self, field: str) -> None:
        super().__init__(f"finding: {field} required")
        self.field = field


class EvidenceRequired(ReviewRefused):
    """Closing a corrective action needs evidence."""


class ConflictAlreadyDeclared(ReviewRefused):
    """The reviewer's conflict with that organisation is already on record."""


class AppealPeriodOver(ReviewRefused):
    pass


class AppealAlreadyOpen(ReviewRefused):
    pass


class AppealAlreadyDecided(ReviewRefused):
    """The final rating was appealed once and the appeal dismissed: one appeal per rating."""


class YearClosed(ReviewRefused):
    """The review's year is closed (or being closed): its results are frozen with it.

    `action` is what was refused (an internal word, for the log); the year is reopened by
    the secretariat to go on.
    """

    def __init__(self, action: str, year: int) -> None:
        super().__init__(f"{action}: the year {year} is closed")
        self.action = action
        self.year = year


class RatingChanged(ReviewRefused):
    """The rating to finalise is no longer the one the lead confirmed (settled meanwhile).

    `overall`: the final score now; `shown`: the stamp of the rating the page showed
    (settling.rating_stamp, "stars:rated:overall"; "" when nothing was confirmed yet).
    """

    def __init__(
        self,
        stars: int,
        rated: bool,
        veto: bool = False,
        overall: Decimal | None = None,
        shown: str = "",
    ) -> None:
        super().__init__(f"the rating is now {stars} stars (rated: {rated}, veto: {veto})")
        self.stars = stars
        self.rated = rated
        self.veto = veto
        self.overall = overall
        self.shown = shown


class ReviewFinalised(ReviewRefused, InvalidState):
    """The review was finalised (by a colleague, or an earlier click) since the page opened."""

    def __init__(self, action: str) -> None:
        InvalidState.__init__(self, "review", "final", action)


class AssignmentSubmitted(ReviewRefused, InvalidState):
    """The reviewer's assignment was submitted (in another tab, or an earlier click)."""

    def __init__(self, action: str) -> None:
        InvalidState.__init__(self, "assignment", "submitted", action)


class SavedMeanwhile(ReviewRefused):
    """The item was settled or decided by someone else since the page showed it.

    `level` is the stored level (None: N/A upheld or no level), `reason` the stored reason,
    `by_id` who stored it, `decision` a reviewer's stored decision (None for a settlement);
    the page keeps the user's input and says what is stored now.
    """

    def __init__(
        self,
        item_id: str,
        level: int | None,
        reason: str,
        by_id: int | None,
        decision: str | None = None,
    ) -> None:
        super().__init__(f"{item_id}: saved by someone else meanwhile")
        self.item_id = item_id
        self.level = level
        self.reason = reason
        self.by_id = by_id
        self.decision = decision


class FindingChanged(ReviewRefused):
    """The finding was edited or dropped since the page showed it (finding_gone.finding_stamp).

    `hand`: whose hand changed it (finding_hands.last_hand; None: the audit log saw none).
    """

    def __init__(self, finding_id: int, hand: Hand | None = None) -> None:
        super().__init__(finding_id)
        self.finding_id = finding_id
        self.hand = hand

    @property
    def mine(self) -> bool:
        """Whether the user changed it himself, in another window, tab or device."""
        return self.hand is not None and self.hand.mine


class FindingNotDropped(ReviewRefused):
    """Restoring a finding that is not dropped (a colleague, or another tab, restored it first).

    `hand`: whose hand restored it (None: the audit log saw none).
    """

    def __init__(self, finding_id: int, hand: Hand | None = None) -> None:
        super().__init__(finding_id)
        self.finding_id = finding_id
        self.hand = hand


class FindingNotSent(ReviewRefused):
    """A finding of a review not submitted, or one already dropped: not the lead's to change."""

    def __init__(self, finding_id: int) -> None:
        super().__init__(finding_id)
        self.finding_id = finding_id


class ReviewDaysChanged(ReviewRefused):
    """Another lead changed the review's days since the page showed them (qa85 #1).

    `hand`: whose hand (None: not recorded); `visit_on`, `due_on`: the days now stored.
    """

    def __init__(self, hand: Hand | None, visit_on: dt.date | None, due_on: dt.date | None):
        super().__init__(f"days changed by {hand}")
        self.hand = hand
        self.visit_on = visit_on
        self.due_on = due_on
