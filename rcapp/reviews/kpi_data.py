"""What a reviewer reads to check the KPIs they are asked about (qa51 M1), read-only.

The organisation's KPI data as its KPI page counts it (rcapp's count over a typed one, last
year by its own rubric's rule, 口径不同 where the two years count differently) and, for a
park, each resident company's rating that rcapp's count of three-star residents reads: the
reviewer may not open the KPI page or the park's residents page, which are the
organisation's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rcapp.assessments.computed_kpis import (
    counted_against_typed,
    earlier_with_computed,
    inputs_of,
    with_computed,
)
from rcapp.assessments.counted_words import counted_ratings
from rcapp.assessments.kpi_table import InputGroup, input_table
from rcapp.assessments.kpi_years import earlier_marks
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import last_year_kpi_inputs
from rcapp.assessments.resident_ratings import THREE_STARS, RatingOfRecord
from rcapp.benchmarks.queries import park_residents
from rcapp.organisations.models import OrganisationKind
from rcapp.rubrics.model import Rubric


@dataclass(frozen=True)
class CountedResident:
    """A resident company and the rating rcapp's count reads for it."""

    name: str
    rating: RatingOfRecord

    @property
    def three_stars(self) -> bool:
        return (self.rating.stars or 0) >= THREE_STARS


@dataclass(frozen=True)
class KpiData:
    groups: list[InputGroup]
    now: dict[str, Decimal]  # this year's inputs, rcapp's count over a typed one
    before: dict[str, Decimal]  # last year's, as that year's result counted them
    last_year: int
    this_year: int
    # inputs counted by rcapp in one year and typed in the other (id -> counted this year)
    counted: dict[str, bool]
    residents: list[CountedResident] = field(default_factory=list)
    is_park: bool = False

    @property
    def three_stars_or_more(self) -> int:
        return sum(1 for r in self.residents if r.three_stars)


def kpi_data(assessment: Assessment, rubric: Rubric, lang: str) -> KpiData:
    year, organisation_id = assessment.cycle.year, assessment.organisation_id
    before = earlier_with_computed(
        organisation_id, year - 1, rubric, last_year_kpi_inputs(assessment)
    )
    counted = counted_against_typed(
        organisation_id, year, rubric, with_computed(organisation_id, year, rubric, {})
    )
    now = inputs_of(assessment, rubric)
    groups = input_table(
        rubric,
        now,
        before,
        lang,
        earlier_marks(assessment, rubric).get(year - 1),
        counted,
    )
    is_park = assessment.organisation.kind is OrganisationKind.PARK
    residents = _counted_residents(assessment, lang) if is_park else []
    return KpiData(groups, now, before, year - 1, year, counted, residents, is_park)


def _counted_residents(assessment: Assessment, lang: str) -> list[CountedResident]:
    """Return the park's residents with a rating rcapp counts, three-star ones first."""
    cycle, park_id = assessment.cycle, assessment.organisation_id
    ratings = counted_ratings(park_id, cycle)
    residents = park_residents(cycle.id, park_id, None if cycle.is_open else cycle.year)
    found = [
        CountedResident(r.display_name(lang), ratings[r.id]) for r in residents if r.id in ratings
    ]
    return sorted(found, key=lambda r: not r.three_stars)
