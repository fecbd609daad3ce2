"""The self (provisional) result uses the working group's KPI statistics, as the final rating.

A group of five gets statistics: the member with the lowest injury rate beats the median
on the KPI ladder on its own result page, exactly as its final rating would score it. A
group of four gets none: no KPI beats a median, on either (its rung can only come from improving).
"""

from __future__ import annotations

from decimal import Decimal

from flask.testing import FlaskClient
from sqlalchemy import delete
from sqlalchemy.orm import Session

from rcapp.assessments.inputs import SELF_LEVELS
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.results import compute_scorecard
from rcapp.assessments.review_hook import review_context_of
from rcapp.assessments.snapshots import shown_scorecard
from rcapp.benchmarks.models import PeerGroupStat
from rcapp.benchmarks.services import compute_benchmarks, ladder_stats
from rcapp.reviews.finalcard import scorecard_with_levels
from rcapp.scoring import Scorecard
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, make_review_world
from tests.review_years import closed_2023


def _world(db_session: Session, n: int) -> ReviewWorld:
    world = make_review_world(n)
    # The ladder's upper rungs need a three-year series: add 2023 beside the world's 2024.
    closed_2023(db_session, world)
    for i, assessment in enumerate(world.assessments):
        for value in assessment.kpi_values:
            if value.input_id == "lti_employees":
                value.value = Decimal(i + 1)  # 0.5, 1.0, 1.5, ... per 1,000,000 h
    db_session.flush()
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    return world


def _ltif(card: Scorecard) -> tuple[int, str]:
    found = next(k for k in card.kpi_performance.levels if k.kpi_id == "OHS-03")
    return found.level, found.reason


def _as_final(world: ReviewWorld) -> Scorecard:
    """How the final rating scores the same levels (stats passed in explicitly)."""
    assessment = world.assessments[0]
    return scorecard_with_levels(
        assessment,
        rubric_of(assessment),
        SELF_LEVELS,
        review_context_of(assessment),
        ladder_stats(assessment.organisation, assessment.cycle_id),
    )


def test_in_a_group_of_five_the_self_result_beats_the_median_like_the_final_rating(
    db_session: Session, client: FlaskClient, auth: AuthActions
) -> None:
    world = _world(db_session, 5)
    assessment = world.assessments[0]
    shown = shown_scorecard(assessment, rubric_of(assessment))
    level, reason = _ltif(shown.card)
    assert "better than the median 1.5" in reason
    assert level >= 3
    assert _ltif(_as_final(world)) == (level, reason)
    assert shown.card.kpi_performance == _as_final(world).kpi_performance
    # The self snapshot was written at submit, before the statistics: the page scores afresh.
    auth.login(world.members[0].email)
    page = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    score = shown.card.kpi_performance.score
    assert score is not None
    assert f"{score:.1f}" in page


def test_in_a_group_of_four_no_kpi_beats_a_median(db_session: Session) -> None:
    world = _world(db_session, 4)
    # Scored afresh (the snapshot of submit predates the 2023 figures the test adds).
    level, reason = _ltif(compute_scorecard(world.assessments[0]))
    assert "median" not in reason  # reached, if at all, by improving on last year
    assert _ltif(_as_final(world)) == (level, reason)


def test_removing_the_statistics_takes_the_rung_away_again(db_session: Session) -> None:
    world = _world(db_session, 5)
    assert "better than the median" in _ltif(compute_scorecard(world.assessments[0]))[1]
    db_session.execute(delete(PeerGroupStat))
    db_session.flush()
    assert "median" not in _ltif(compute_scorecard(world.assessments[0]))[1]
