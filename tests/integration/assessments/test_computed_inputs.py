"""A park's share of resident companies with three stars or more comes from rcapp's own data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus
from rcapp.assessments.queries import computed_kpi_inputs
from rcapp.assessments.resident_ratings import resident_ratings
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation, OrganisationKind
from rcapp.rubrics.registry import RubricRegistry
from tests.factories import make_assessment, make_cycle, make_final_stars, make_organisation

REGISTRY = RubricRegistry(Path(__file__).resolve().parents[3] / "rubrics")


def _park_world(
    stars: list[int | None], *, other_park: bool = False
) -> tuple[Organisation, ReportingCycle]:
    cycle = make_cycle(
        company_rubric_id="rc-company",
        company_rubric_version=2,
        park_rubric_id="rc-park",
        park_rubric_version=2,
    )
    earlier = make_cycle(
        year=2023,
        company_rubric_id="rc-company",
        company_rubric_version=1,
        park_rubric_id="rc-park",
        park_rubric_version=1,
        deadline=dt.date(2024, 3, 31),
    )
    park = make_organisation(kind=OrganisationKind.PARK)
    elsewhere = make_organisation(kind=OrganisationKind.PARK)
    for rating in stars:
        home = elsewhere if other_park else park
        company = make_organisation(park_id=home.id)
        status = AssessmentStatus.DRAFT if rating is None else AssessmentStatus.SUBMITTED
        make_assessment(company, cycle, status=status, stars=rating)
        # An older three-star rating is replaced by the latest one.
        make_assessment(company, earlier, status=AssessmentStatus.SUBMITTED, stars=5)
    return park, cycle


def _computed(db_session: Session, stars: list[int | None], **options: bool) -> dict[str, Decimal]:
    park, cycle = _park_world(stars, **options)
    loaded = REGISTRY.get("rc-park", 2)
    assessment = make_assessment(
        park, cycle, rubric_id="rc-park", rubric_version=2, rubric_sha256=loaded.sha256
    )
    return computed_kpi_inputs(assessment, loaded.rubric)


def test_counts_resident_companies_whose_latest_rating_has_three_stars(db_session: Session) -> None:
    assert _computed(db_session, [3, 5, 1, 2]) == {"companies_3star": Decimal(2)}


def test_drafts_do_not_rate_but_the_latest_submitted_year_does(db_session: Session) -> None:
    # A draft this year leaves the 2023 five-star rating (within the validity years) in place.
    assert _computed(db_session, [None, 1]) == {"companies_3star": Decimal(1)}


def test_nothing_computed_where_no_resident_company_assesses_in_rcapp(db_session: Session) -> None:
    assert _computed(db_session, [4, 4], other_park=True) == {}


def test_a_finished_peer_review_counts_its_final_stars_not_the_self_assessed_ones(
    db_session: Session,
) -> None:
    # QA8 D1: the resident page counted 2 of 3 (final 3 stars) while the KPI counted 0 (self 1).
    cycle = make_cycle(park_rubric_id="rc-park", park_rubric_version=2)
    park = make_organisation(kind=OrganisationKind.PARK)
    reviewed = make_assessment(
        make_organisation(park_id=park.id), cycle, status=AssessmentStatus.SUBMITTED, stars=1
    )
    make_final_stars(reviewed, 3)
    raised = make_assessment(
        make_organisation(park_id=park.id), cycle, status=AssessmentStatus.SUBMITTED, stars=2
    )
    make_final_stars(raised, 4)
    vetoed = make_assessment(
        make_organisation(park_id=park.id), cycle, status=AssessmentStatus.SUBMITTED, stars=4
    )
    make_final_stars(vetoed, 0, rated=False)  # not rated at all after review: not three stars
    provisional = make_assessment(  # no finished review: the self-assessed stars count
        make_organisation(park_id=park.id), cycle, status=AssessmentStatus.SUBMITTED, stars=3
    )
    make_assessment(  # returned: no rating
        make_organisation(park_id=park.id), cycle, status=AssessmentStatus.RETURNED, stars=5
    )
    assert resident_ratings(park.id, 2025, 3) == {
        reviewed.organisation_id: 3,
        raised.organisation_id: 4,
        vetoed.organisation_id: None,
        provisional.organisation_id: 3,
    }
    loaded = REGISTRY.get("rc-park", 2)
    own = make_assessment(park, cycle, rubric_id="rc-park", rubric_version=2)
    assert computed_kpi_inputs(own, loaded.rubric) == {"companies_3star": Decimal(3)}
