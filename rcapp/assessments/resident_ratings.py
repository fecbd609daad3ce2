"""A park's resident companies rated three stars or more: the one count every page and report uses.

The park KPI input `companies_3star` (`computed: resident_companies_3star`), the park's
resident page, its scorecard and the annual workbook and report all read this count, so one
fact has one number. The rule:

- each company resident in the park in the year (a closed year: at its close) counts with
  one submitted assessment of the year or of the rubric's `validity_years` before it (a
  rating stays valid that long; a draft or a returned assessment is no rating): its latest
  one with a final rating, else its latest one (qa45 D5: a newer self-assessment, capped
  before peer review, does not replace a valid final rating until a newer final one exists);
- a final rating is the one where its peer review is finished (the `final` scorecard; while
  an upheld appeal has the review reopened, the earlier final rating, kept as `appealed`, as
  every list shows it); without one the submitted self-assessment counts (provisional);
- a result not rated at all (a prerequisite unmet, a veto) is not three stars;
- an assessment of a closed year counts with its frozen result, the year's published one: a
  closed year's count stays what the close froze, whatever is kept for its residents later,
  and an open year reads the earlier years as their result pages do. An open year's own
  assessments count live.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from rcapp import db
from rcapp.assessments.models import (
    Assessment,
    AssessmentStatus,
    ScorecardSnapshot,
    SnapshotKind,
)
from rcapp.cycles.closed_parks import cycle_of, cycle_of_year, in_park
from rcapp.cycles.models import ReportingCycle, results_frozen
from rcapp.organisations.models import Organisation, OrganisationKind
from rcapp.rubrics.app_registry import app_registry
from rcapp.scoring.scorecard import VetoHit

THREE_STARS = 3


# Which kept result a resident counts with, first found first: a closed year's frozen result
# (the published one), a finished review's final rating, the earlier final rating an upheld
# appeal reopened (the rating of record until the lead rates again, which the close would
# publish), else the submitted self-assessment.
_PRECEDENCE = (SnapshotKind.FROZEN, SnapshotKind.FINAL, SnapshotKind.APPEALED, SnapshotKind.SELF)


@dataclass(frozen=True)
class RatingOfRecord:
    """The rating a resident counts with: its year, stars (None: not rated) and whether final."""

    year: int
    stars: int | None
    final: bool
    frozen: bool = False  # a closed year's published result (not provisional any more)
    # Where the stars were read: the assessment and its kept result (None: none kept); not
    # part of the rating, so two equal ratings compare equal wherever they were read.
    assessment_id: int = field(default=0, compare=False)
    kind: SnapshotKind | None = field(default=None, compare=False)
    # The vetoes that left that result without any star (counted_words.with_vetoes): not
    # rated, said 未评定（一票否决）, never "0 星" (qa last stop).
    vetoes: tuple[VetoHit, ...] = ()


# Kinds that make an assessment's rating final (peer reviewed).
_FINAL = frozenset({SnapshotKind.FINAL, SnapshotKind.APPEALED})


def resident_ratings(park_id: int, year: int, validity_years: int) -> dict[int, int | None]:
    """Return each rated resident company's stars of record at the end of `year` (None: not rated).

    Companies without a submitted assessment in the validity window are left out.
    """
    found = ratings_of_record(park_id, year, validity_years)
    return {organisation_id: rating.stars for organisation_id, rating in found.items()}


def ratings_of_record(park_id: int, year: int, validity_years: int) -> dict[int, RatingOfRecord]:
    """Return each resident company's rating of record at the end of `year`, by the rule above.

    The residents are those of `year`: in a closed year the companies in the park at its close
    (cycles.closed_parks), else those in it today.
    """
    kept = aliased(ScorecardSnapshot)
    rows = db.session().execute(
        select(
            Assessment.id,
            Assessment.organisation_id,
            ReportingCycle.year,
            Assessment.stars,
            kept.kind,
            kept.stars,
            kept.rated,
        )
        .join(ReportingCycle, Assessment.cycle_id == ReportingCycle.id)
        .join(Organisation, Assessment.organisation_id == Organisation.id)
        .outerjoin(
            kept,
            (kept.assessment_id == Assessment.id)
            & (
                kept.kind.in_((SnapshotKind.SELF, SnapshotKind.FINAL, SnapshotKind.APPEALED))
                | ((kept.kind == SnapshotKind.FROZEN) & results_frozen())
            ),
        )
        .where(
            in_park(park_id, cycle_of_year(year)),
            Organisation.kind == OrganisationKind.COMPANY,
            Assessment.status == AssessmentStatus.SUBMITTED,
            ReportingCycle.year.between(year - validity_years + 1, year),
        )
    )
    found: dict[int, tuple[int, int, int | None]] = {}  # assessment: organisation, year, stars
    results: dict[int, dict[SnapshotKind, tuple[int | None, bool | None]]] = {}
    for assessment_id, organisation_id, cycle_year, stored, kind, stars, rated in rows:
        found[assessment_id] = (organisation_id, cycle_year, stored)
        if kind is not None:
            results.setdefault(assessment_id, {})[SnapshotKind(kind)] = (stars, rated)
    latest: dict[int, RatingOfRecord] = {}
    for assessment_id, (organisation_id, cycle_year, stored) in found.items():
        kept_results = results.get(assessment_id, {})
        counted_stars, counted_kind = _stars_of_record(stored, kept_results)
        rating = RatingOfRecord(
            cycle_year,
            counted_stars,
            bool(_FINAL & kept_results.keys()),
            SnapshotKind.FROZEN in kept_results,
            assessment_id,
            counted_kind,
        )
        held = latest.get(organisation_id)
        if held is None or _counts_before(rating, held):
            latest[organisation_id] = rating
    return latest


def _counts_before(rating: RatingOfRecord, held: RatingOfRecord) -> bool:
    """Whether `rating` replaces `held`: a final rating before a provisional one, then newer."""
    return (rating.final, rating.year) > (held.final, held.year)


def _stars_of_record(
    stored: int | None, kept: dict[SnapshotKind, tuple[int | None, bool | None]]
) -> tuple[int | None, SnapshotKind | None]:
    """Return the stars an assessment counts with (None: not rated) and their kept result.

    By _PRECEDENCE; the kept result None when no result is kept (the stars stored at submit).
    """
    for kind in _PRECEDENCE:
        if kind in kept:
            stars, rated = kept[kind]
            if rated is False:
                return None, kind
            # the self snapshot says only whether it is rated: its stars are stored at submit
            return ((stored or 0) if kind is SnapshotKind.SELF else stars), kind
    return stored or 0, None


def three_star_residents(park_id: int, year: int, validity_years: int) -> Decimal | None:
    """Count the resident companies rated three stars or more; None when none is rated in rcapp."""
    ratings = resident_ratings(park_id, year, validity_years)
    if not ratings:
        return None
    return Decimal(sum(1 for stars in ratings.values() if (stars or 0) >= THREE_STARS))


def validity_years(cycle: ReportingCycle) -> int:
    """Return how many years a resident's rating stays valid in `cycle` (its park rubric's rule)."""
    rubric = app_registry().get(cycle.park_rubric_id, cycle.park_rubric_version).rubric
    return rubric.rating.validity_years


def three_star_residents_in(park_id: int, cycle: ReportingCycle) -> int:
    """Count the park's residents rated three stars or more at the end of `cycle` (0: none)."""
    return int(three_star_residents(park_id, cycle.year, validity_years(cycle)) or 0)


def ratings_in(park_id: int, cycle: ReportingCycle) -> dict[int, RatingOfRecord]:
    """Return each resident's rating of record at the end of `cycle` (the count's ratings)."""
    return ratings_of_record(park_id, cycle.year, validity_years(cycle))


def carried_years(ratings: dict[int, RatingOfRecord], year: int) -> tuple[int, ...]:
    """Return the earlier years whose ratings count as three stars or more in `year`."""
    return tuple(
        sorted(
            {r.year for r in ratings.values() if r.year < year and (r.stars or 0) >= THREE_STARS}
        )
    )


def submitted_residents(park_id: int, cycle_id: int) -> int:
    """Count the park's resident companies (of the cycle) that submitted its assessment."""
    statement = (
        select(func.count(Assessment.id))
        .join(Organisation, Assessment.organisation_id == Organisation.id)
        .where(
            in_park(park_id, cycle_of(cycle_id)),
            Organisation.kind == OrganisationKind.COMPANY,
            Assessment.cycle_id == cycle_id,
            Assessment.status == AssessmentStatus.SUBMITTED,
        )
    )
    return int(db.session().scalar(statement) or 0)


def registered_residents(park_id: int, year: int) -> int:
    """Count the companies registered in rcapp as resident in the park in `year`.

    A closed year: those in it at its close (cycles.closed_parks), else those in it today.
    """
    statement = select(func.count(Organisation.id)).where(
        in_park(park_id, cycle_of_year(year)), Organisation.kind == OrganisationKind.COMPANY
    )
    return int(db.session().scalar(statement) or 0)
