"""What the year's close page says about peer review: what is unfinished, what has none.

Reviews not finalised, appeals not decided, submitted self-assessments no peer review was
set up for (QA37 S2).

Closing freezes the year's results and every review with them (year_lock.py): a review
still open keeps the organisation's self-assessed (provisional) result in the published
one, an appeal waiting can only be dismissed. The secretariat sees each of them, with a
link, before confirming.

A review reopened by an upheld appeal has its earlier final rating withdrawn but kept
(snapshot kind `appealed`): closing now freezes that rating of record, marked as contested
(the re-review was not finished), as the result page and every list show it meanwhile
(assessments.services.rating_to_freeze). Only a review reopened before the earlier rating
was kept publishes the self-assessed result. The page says which for each one, with the
result that would be published, and the close is refused until the secretariat ticks each
case (`unconfirmed`); the better way is to let the lead rate it again first.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from rcapp import db
from rcapp.assessments.models import (
    Assessment,
    AssessmentStatus,
    ScorecardSnapshot,
    SnapshotKind,
)
from rcapp.assessments.queries import unrated_snapshots, vetoed_snapshots
from rcapp.assessments.rating_words import not_rated_text, star_count_text
from rcapp.assessments.snapshots import find_snapshot
from rcapp.cycles.models import ReportingCycle
from rcapp.i18n import current_lang
from rcapp.organisations.models import Organisation
from rcapp.reviews.models import Appeal, AppealStatus, Review, ReviewStatus
from rcapp.reviews.year_appeals import waiting_in_year

LISTED = 100  # rows named on the page; the rest are counted


@dataclass(frozen=True)
class OpenReview:
    """A review of the year not finalised, as the close page names it."""

    review: Review
    submitted: int
    assigned: int
    reopened: bool  # an upheld appeal reopened it
    returned: bool  # the answers were returned for revision: nothing of it is frozen
    # The earlier final rating kept when the appeal was upheld (None: not kept): what the
    # close freezes, marked as contested (assessments.services.rating_to_freeze).
    kept: ScorecardSnapshot | None = None

    @property
    def kept_rating(self) -> str:
        """Read the kept rating as pages do: "1 星", 未评定 or 未评定（一票否决）.

        No 0 星 for a rating not given (qa33 D2). Read only for the reopened reviews listed.
        """
        if self.kept is None:
            return ""
        return _rating(self.review.assessment_id, SnapshotKind.APPEALED, self.kept.stars)

    @property
    def self_rating(self) -> str:
        """Read the submitted self result's stars as `kept_rating` reads them."""
        assessment = self.review.assessment
        return _rating(assessment.id, SnapshotKind.SELF, assessment.stars)

    @property
    def to_confirm(self) -> bool:
        """Closing would publish the self result of an organisation that won its appeal."""
        return self.reopened and not self.returned

    @property
    def case(self) -> str:
        """The value of its confirmation box on the close page."""
        return f"review-{self.review.id}"


def close_notice(cycle: ReportingCycle) -> Mapping[str, Any] | None:
    """Return the close page's peer-review notice, or None when the year has no review."""
    session = db.session()
    in_year = select(Review.id).join(Assessment).where(Assessment.cycle_id == cycle.id)
    total = session.scalar(select(func.count()).select_from(in_year.subquery())) or 0
    unreviewed = _unreviewed(cycle)
    if not total and not unreviewed:
        return None
    reviews = session.scalars(
        select(Review)
        .join(Assessment)
        .join(Organisation, Organisation.id == Assessment.organisation_id)
        .where(Assessment.cycle_id == cycle.id, Review.status == ReviewStatus.IN_REVIEW)
        .order_by(Organisation.name_zh, Review.id)
        .options(selectinload(Review.assignments), selectinload(Review.appeals))
    ).all()
    appeals = _waiting_appeals(cycle)
    rows = [_open_review(r) for r in reviews]
    return {
        # Every reopened one is listed (each must be confirmed), the others up to LISTED.
        "reopened": [r for r in rows if r.to_confirm],
        "reviews": [r for r in rows if not r.to_confirm][:LISTED],
        "review_count": len(reviews) - sum(1 for r in rows if r.to_confirm),
        "appeals": appeals[:LISTED],
        "appeal_count": len(appeals),
        # Submitted with no peer review set up at all (QA37 S2): frozen self-assessed.
        "unreviewed": unreviewed[:LISTED],
        "unreviewed_count": len(unreviewed),
    }


def _unreviewed(cycle: ReportingCycle) -> list[Assessment]:
    """List the year's submitted assessments without a peer review, by organisation name."""
    reviewed = exists().where(Review.assessment_id == Assessment.id)
    return list(
        db.session().scalars(
            select(Assessment)
            .join(Organisation, Organisation.id == Assessment.organisation_id)
            .where(
                Assessment.cycle_id == cycle.id,
                Assessment.status == AssessmentStatus.SUBMITTED,
                ~reviewed,
            )
            .order_by(Organisation.name_zh, Assessment.id)
            .options(selectinload(Assessment.organisation))
        )
    )


def unconfirmed(cycle: ReportingCycle, ticked: Collection[str]) -> list[str]:
    """Name the organisations of reopened reviews whose box the secretariat did not tick."""
    notice = close_notice(cycle)
    if notice is None:
        return []
    lang = current_lang()
    return [
        r.review.assessment.organisation.display_name(lang)
        for r in notice["reopened"]
        if r.case not in ticked
    ]


def _open_review(review: Review) -> OpenReview:
    return OpenReview(
        review=review,
        submitted=len(review.submitted_assignments),
        assigned=len(review.assignments),
        reopened=any(a.status is AppealStatus.UPHELD for a in review.appeals),
        returned=review.assessment.status is not AssessmentStatus.SUBMITTED,
        kept=find_snapshot(review.assessment, SnapshotKind.APPEALED, document=False),
    )


def _rating(assessment_id: int, kind: SnapshotKind, stars: int | None) -> str:
    """Read a kept result's stars as the pages do (rating_words): not rated is no 0 星."""
    if (assessment_id, kind) in unrated_snapshots([assessment_id]):
        return not_rated_text(veto=False, in_sentence=True)
    if stars == 0 and (assessment_id, kind) in vetoed_snapshots([assessment_id]):
        return not_rated_text(veto=True, in_sentence=True)
    return star_count_text(stars or 0, in_sentence=True)  # "…最终星级：%(rating)s（…分）"


def _waiting_appeals(cycle: ReportingCycle) -> list[Appeal]:
    """Return the year's appeals not decided yet, by organisation name."""
    return list(
        db.session().scalars(
            select(Appeal)
            .join(Review)
            .join(Assessment)
            .join(Organisation, Organisation.id == Assessment.organisation_id)
            .where(waiting_in_year(cycle.id))
            .order_by(Organisation.name_zh, Appeal.id)
        )
    )


def reopen_notice(cycle: ReportingCycle) -> Mapping[str, Any] | None:
    """Return the reopen page's notice of the appeals waiting (QA68 #6), or None if none.

    A closed year's appeal can only be dismissed: upholding one is often why it is reopened.
    """
    appeals = _waiting_appeals(cycle)
    if not appeals:
        return None
    return {"appeals": appeals[:LISTED], "appeal_count": len(appeals)}
