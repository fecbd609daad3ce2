"""The set-based cycle rating equals the engine for every assessment of generated cycles.

Runs on the suite's database (SQLite, or PostgreSQL with RCAPP_TEST_DATABASE_URL), with
the real company and park rubrics and data varied on purpose (tests/bench/generate.py):
N/A items and sections, unanswered items, evidence caps lifted by attachments, number
items, unmet prerequisites, vetoing events and KPI histories with gaps.
"""

from __future__ import annotations

import itertools
from collections import Counter
from decimal import Decimal

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from rcapp.assessments.cycle_rating import rate_cycle
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.results import compute_scorecard
from rcapp.rubrics.model import Rubric
from rcapp.rubrics.registry import RubricRegistry
from rcapp.scoring.cycle import Rating
from tests.bench.generate import REPO_RUBRICS, Generated, generate

REGISTRY = RubricRegistry(REPO_RUBRICS)
YEARS = itertools.count(2100, 5)  # hypothesis examples share one test's transaction


def _rubric(rubric_id: str, version: int, sha256: str) -> Rubric:
    return REGISTRY.get(rubric_id, version, sha256).rubric


def _engine_view(assessment: Assessment) -> Rating:
    card = compute_scorecard(assessment, _rubric(*_pin(assessment)))
    return Rating(
        overall=card.overall,
        sections={section.section_id: section.score for section in card.sections},
        stars=card.rating.stars,
        rated=card.rating.rated,
    )


def _pin(assessment: Assessment) -> tuple[str, int, str]:
    return assessment.rubric_id, assessment.rubric_version, assessment.rubric_sha256


def _compare(session: Session, conn: Connection, made: Generated) -> list[Rating]:
    ratings = rate_cycle(conn, made.cycle_id, _rubric)
    submitted = session.scalars(
        select(Assessment).where(
            Assessment.cycle_id == made.cycle_id,
            Assessment.status == AssessmentStatus.SUBMITTED,
        )
    ).all()
    assert sorted(ratings) == sorted(a.id for a in submitted)
    assert len(submitted) == made.submitted
    for assessment in submitted:
        expected = _engine_view(assessment)
        got = ratings[assessment.id]
        assert (got.overall, got.stars, got.rated) == (
            expected.overall,
            expected.stars,
            expected.rated,
        ), assessment.id
        assert dict(got.sections) == dict(expected.sections), assessment.id
    return list(ratings.values())


def test_rating_a_varied_cycle_equals_the_engine(
    app: Flask, connection: Connection, db_session: Session
) -> None:
    made = generate(connection, 40, seed=7, year=2061, park_every=5, variety=3.0)
    ratings = _compare(db_session, connection, made)
    # The data reaches the cases that matter, so the equality above means something.
    stars = Counter(rating.stars for rating in ratings)
    assert len(stars) >= 2, stars
    assert any(not rating.rated for rating in ratings)
    assert any(None in rating.sections.values() for rating in ratings)
    assert any(rating.overall is not None and rating.overall > Decimal(60) for rating in ratings)


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.integers(min_value=0, max_value=10**6),
    variety=st.sampled_from([0.0, 0.5, 1.0, 4.0]),
)
def test_rating_generated_cycles_equals_the_engine(
    app: Flask, connection: Connection, db_session: Session, seed: int, variety: float
) -> None:
    made = generate(connection, 12, seed=seed, year=next(YEARS), park_every=3, variety=variety)
    _compare(db_session, connection, made)


def test_a_cycle_without_submitted_assessments_rates_nothing(
    app: Flask, connection: Connection
) -> None:
    made = generate(connection, 0, seed=1, year=2081)
    assert rate_cycle(connection, made.cycle_id, _rubric) == {}
