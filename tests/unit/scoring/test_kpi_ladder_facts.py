"""The KPI ladder keeps what placed each core KPI on its rung, for pages to word (qa6 D8)."""

from __future__ import annotations

from decimal import Decimal

from rcapp.scoring import GroupStats, KpiLadderFacts, ScoringContext, codec

from .builders import ASSESSED, score, split_answers
from .kpi_builders import LTIF, kpi_rubric, year

D = Decimal


def _rung(
    history: dict[int, dict[str, Decimal]], stats: GroupStats | None = None, lti: int = 3
) -> tuple[int, KpiLadderFacts | None]:
    context = ScoringContext(assessment_date=ASSESSED, group_stats={"LTIF": stats} if stats else {})
    card = score(
        kpi_rubric(LTIF), split_answers("S"), context, kpi_inputs=year(lti=lti), kpi_history=history
    )
    (level,) = card.kpi_performance.levels
    # The facts travel through the stored scorecard unchanged.
    assert codec.loads(codec.dumps(codec.encode(card))).kpi_performance.levels == (level,)
    return level.level, level.facts


def test_a_first_year_kpi_names_the_years_missing_from_its_series() -> None:
    assert _rung({}) == (1, KpiLadderFacts(missing_years=(2023, 2024)))
    assert _rung({2024: year()}) == (1, KpiLadderFacts(missing_years=(2023,)))


def test_rung_two_says_there_is_no_median_and_what_the_change_was() -> None:
    level, facts = _rung({2023: year(), 2024: year()})
    assert level == 2
    assert facts is not None
    assert (facts.median, facts.change_pct, facts.beats_median, facts.improved) == (
        None,
        D(0),
        False,
        False,
    )


def test_upper_rungs_say_which_tests_passed() -> None:
    better = GroupStats(D("1.3"), D(1), D(2))
    level, facts = _rung({2023: year(), 2024: year()}, better)
    assert level == 3
    assert facts is not None
    assert facts.median == D("1.3")
    assert facts.beats_median
    assert not facts.top_quartile
    level, facts = _rung({2023: year(lti=4), 2024: year(lti=4)})
    assert level == 3
    # 3 injuries after 4 in the same hours: 25 % better, computed from the unrounded
    # rates (the shown 1.25 after 1.67 would give 25.15 %: qa17 D5).
    assert facts is not None
    assert facts.improved
    assert facts.change_pct == D(25)
