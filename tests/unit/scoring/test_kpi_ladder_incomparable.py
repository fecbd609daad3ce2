"""The KPI ladder never counts a year whose rubric version defined the KPI otherwise (qa14 D4).

The result page said EN-01's 2024 value was not comparable and scored the KPI on its
"improvement of 7.58% on last year" all the same: the ladder evaluated this year's
formula (kg SO2 per tonne) on 2024's inputs, which version 1 turned into tonnes.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.scoring import KpiLadderFacts, ScoringContext, codec

from .builders import ASSESSED, score, split_answers
from .kpi_builders import DRILLS, LTIF, kpi_rubric, year

D = Decimal
BOTH = {2023: year(lti=4), 2024: year(lti=4)}  # 3 injuries after 4 in the same hours: improved 25%


@pytest.mark.parametrize(
    ("history", "incomparable", "rung", "missing", "otherwise", "reason"),
    [
        # Baseline: both earlier years compare, the rung rests on the improvement.
        (BOTH, {}, 3, (), (), "improved 25.00%; not in the top quartile"),
        # Another KPI defined otherwise in 2024 changes nothing for LTIF.
        (BOTH, {2024: frozenset({"DRILLS"})}, 3, (), (), "improved 25.00%"),
        # Last year defined otherwise: neither series nor change.
        (BOTH, {2024: frozenset({"LTIF"})}, 1, (), (2024,), "(2024 defined otherwise)"),
        # The year before last, too: the series is broken.
        (BOTH, {2023: frozenset({"LTIF"})}, 1, (), (2023,), "(2023 defined otherwise)"),
        # A missing year and an incomparable one are both named.
        (
            {2024: year(lti=4)},
            {2024: frozenset({"LTIF"})},
            1,
            (2023,),
            (2024,),
            "(2023 missing, 2024 defined otherwise)",
        ),
        # An incomparable year outside the series (3 years) does not matter.
        ({2022: year(), **BOTH}, {2022: frozenset({"LTIF"})}, 3, (), (), "improved 25.00%"),
    ],
)
def test_a_year_defined_otherwise_counts_neither_for_the_series_nor_the_change(
    history: dict[int, dict[str, Decimal]],
    incomparable: dict[int, frozenset[str]],
    rung: int,
    missing: tuple[int, ...],
    otherwise: tuple[int, ...],
    reason: str,
) -> None:
    card = score(
        kpi_rubric(LTIF, DRILLS),
        split_answers("S"),
        ScoringContext(assessment_date=ASSESSED),
        kpi_inputs=year(lti=3),
        kpi_history=history,
        kpi_incomparable=incomparable,
    )
    level = next(lv for lv in card.kpi_performance.levels if lv.kpi_id == "LTIF")
    assert level.level == rung
    assert reason in level.reason
    assert level.facts is not None
    assert (level.facts.missing_years, level.facts.incomparable_years) == (missing, otherwise)
    if rung == 1:
        assert level.facts == KpiLadderFacts(missing_years=missing, incomparable_years=otherwise)
    # The facts travel through a stored scorecard unchanged.
    assert codec.loads(codec.dumps(codec.encode(card))).kpi_performance == card.kpi_performance


def test_a_snapshot_stored_before_the_field_existed_still_reads() -> None:
    card = score(
        kpi_rubric(LTIF),
        split_answers("S"),
        kpi_inputs=year(),
        kpi_history={2024: year()},
    )
    document = codec.encode(card)
    for level in document["scorecard"]["kpi_performance"]["levels"]:
        del level["facts"]["incomparable_years"]
    (level,) = codec.decode(document).kpi_performance.levels
    assert level.facts == KpiLadderFacts(missing_years=(2023,))
