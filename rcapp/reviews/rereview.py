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
    stars, overall = _recorded_rating(review)
    return Rereview(
        decided_at=appeal.decided_at, earlier_stars=stars, earlier_overall=overall, runner=runner
    )


def _recorded_rating(review: Review) -> tuple[int | None, Decimal | None]:
    """Return the final stars and overall score the latest reopening recorded, if any."""
    entry = last_change("review", review.id, None, ("review.reopen",))
    before = None if entry is None else before_of(entry)
    if not isinstance(before, dict):
        return None, None
    stars, overall = before.get("stars"), before.get("overall")
    try:
        score = None if overall is None else Decimal(str(overall))
    except ArithmeticError:
        score = None
    return (stars if isinstance(stars, int) else None), score


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
    stars, overall = _recorded_rating(review)
    return None if stars is None else EarlierRating(stars, True, False, overall)
