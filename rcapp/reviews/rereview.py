"""The one rule for "under re-review after an upheld appeal" (申诉成立，重新评审中).

Upholding an appeal reopens the review: it is not final, and the lead settles again and
finalises anew. Every page and notice that tells that state asks here: the review page,
the discrepancy map, the home panels, the assessment's result page (through the hook in
assessments.review_hook) and the re-rating mail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment, SnapshotKind
from rcapp.assessments.rating_words import vetoed
from rcapp.assessments.review_hook import Rereview
from rcapp.assessments.snapshots import appealed_scorecard, find_snapshot
from rcapp.audit.queries import before_of, last_change
from rcapp.reviews.models import Appeal, AppealStatus, Review, ReviewStatus, appeal_exists
from rcapp.reviews.settlers import runner_role


def upheld_appeal(review: Review) -> Appeal | None:
    """Return the upheld appeal the review is being reviewed again after, None if it is not.

    Under re-review: not final, and an appeal was upheld (the latest decides, should a
    re-rated result have been appealed and upheld again).
    """
    if review.is_final:
        return None
    return next((a for a in reversed(review.appeals) if a.status is AppealStatus.UPHELD), None)


def rerated_after(review: Review) -> Appeal | None:
    """Return the upheld appeal the current final rating answers (None: a first rating).

    Each final rating may be appealed once; the latest appeal, when upheld and decided
    before the rating was made final, is the one this rating re-rated.
    """
    if not review.is_final or review.finalised_at is None or not review.appeals:
        return None
    latest = review.appeals[-1]
    if latest.status is not AppealStatus.UPHELD or latest.decided_at is None:
        return None
    return latest if latest.decided_at <= review.finalised_at else None


def resettled_items(review: Review) -> set[str]:
    """Return the items the lead settled since the latest upheld appeal was decided."""
    decided = [a.decided_at for a in review.appeals if a.status is AppealStatus.UPHELD]
    latest = max((d for d in decided if d is not None), default=None)
    if latest is None:
        return set()
    return {s.item_id for s in review.settlements if s.settled_at >= latest}


def rereviews_of(organisation_ids: Sequence[int]) -> list[Review]:
    """List the organisations' reviews under re-review after an upheld appeal, oldest first."""
    if not organisation_ids:
        return []
    upheld = appeal_exists(AppealStatus.UPHELD)
    statement = (
        select(Review)
        .join(Assessment, Review.assessment_id == Assessment.id)
        .where(
            Review.status == ReviewStatus.IN_REVIEW,
            Assessment.organisation_id.in_(organisation_ids),
            upheld,
        )
        .order_by(Review.id)
    )
    return [r for r in db.session().scalars(statement) if upheld_appeal(r) is not None]


def rereview_from(assessment: Assessment, review: Review) -> Rereview | None:
    """Tell the assessments package that its review is open again after an upheld appeal.

    A review reopened before the earlier final rating was kept (snapshot kind `appealed`)
    has only the stars and overall score the audit log recorded at the reopening
    (`review.reopen`, before): they are named, the breakdown cannot be.
    """
    appeal = upheld_appeal(review)
    if appeal is None or appeal.decided_at is None:
        return None
    runner = runner_role(review)
    if find_snapshot(assessment, SnapshotKind.APPEALED, document=False) is not None:
        return Rereview(decided_at=appeal.decided_at, runner=runner)
    recorded = _recorded_rating(review)
    return Rereview(
        decided_at=appeal.decided_at,
        earlier_stars=recorded.stars,
        earlier_overall=recorded.overall,
        earlier_rated=recorded.rated,
        earlier_veto=recorded.veto,
        runner=runner,
    )


@dataclass(frozen=True)
class RecordedRating:
    """A final rating as the reopening's audit entry recorded it (all None: not recorded)."""

    stars: int | None = None
    overall: Decimal | None = None
    rated: bool = True
    veto: bool | None = None  # None: a bare 0 stars, logged before the kind of none was


def _recorded_rating(review: Review) -> RecordedRating:
    """Return the final rating the latest reopening recorded, if any.

    Its "veto" / "rated" (settling.reopened_rating) say which kind of no star it was; an
    older entry's bare "stars": 0 does not, and is read as unknown.
    """
    entry = last_change("review", review.id, None, ("review.reopen",))
    before = None if entry is None else before_of(entry)
    if not isinstance(before, dict):
        return RecordedRating()
    stars, overall = before.get("stars"), before.get("overall")
    try:
        score = None if overall is None else Decimal(str(overall))
    except ArithmeticError:
        score = None
    if not isinstance(stars, int):
        return RecordedRating(overall=score)
    rated = before.get("rated") is not False
    said = "veto" in before or "rated" in before or stars > 0
    veto = (before.get("veto") is True) if said else None
    return RecordedRating(stars, score, rated, veto)


@dataclass(frozen=True)
class EarlierRating:
    """The final rating an upheld appeal reopened: the rating of record until re-rated."""

    stars: int | None
    rated: bool  # False: not rated (a prerequisite unmet)
    vetoed: bool  # a veto took every star: no star
    overall: Decimal | None


def earlier_rating(review: Review) -> EarlierRating | None:
    """Return the earlier final rating of a review under re-review (QA37 D2), if known.

    As kept when reopened (snapshot kind `appealed`); a review reopened before that was
    kept has the stars and score the audit log recorded. None when not under re-review.
    """
    if upheld_appeal(review) is None:
        return None
    kept = appealed_scorecard(review.assessment)
    if kept is not None:
        rating = kept.card.rating
        return EarlierRating(rating.stars, rating.rated, vetoed(rating), kept.card.overall)
    recorded = _recorded_rating(review)
    if recorded.stars is None:
        return None
    return EarlierRating(recorded.stars, recorded.rated, bool(recorded.veto), recorded.overall)
