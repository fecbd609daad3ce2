"""QA40 D3: a scorecard's section score unrounded, for means over organisations."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings

from rcapp.scoring.section_raw import mean_score, unrounded_section
from rcapp.scoring.tree import tally_scores

from .builders import build_rubric, element, levels, maturity, score, section
from .strategies import Case, cases


def test_a_section_score_is_recomputed_unrounded_from_its_items() -> None:
    # element A: levels 4, 4, 3 of 4 → (1 + 1 + 0.75) / 3 = 91.666…; element B: 3, 4 →
    # 87.5; the section 89.583…, shown 89.6
    rubric = build_rubric(
        [
            section(
                "S",
                element("S.A", maturity("S.A.1"), maturity("S.A.2"), maturity("S.A.3")),
                element("S.B", maturity("S.B.1"), maturity("S.B.2")),
            )
        ]
    )
    card = score(rubric, levels(S_A_1=4, S_A_2=4, S_A_3=3, S_B_1=3, S_B_2=4))
    shown = card.section("S")
    assert shown.score == Decimal("89.6")
    raw = unrounded_section(shown)
    assert raw is not None
    assert abs(raw - (Decimal(275) / 3 + Decimal("87.5")) / 2) < Decimal("1e-20")


@settings(max_examples=60, deadline=None)
@given(cases())
def test_the_unrounded_section_is_the_engines(case: Case) -> None:
    card = case.card()
    fractions = {i.item_id: i.fraction for s in card.sections for e in s.elements for i in e.items}
    tally = tally_scores(case.rubric, fractions, case.na_sections, None)
    for shown in card.sections:
        assert unrounded_section(shown) == tally.sections[shown.section_id]


def test_a_mean_of_unrounded_scores_is_rounded_once() -> None:
    # QA40's C6 of the four 2025 companies: 91.667, 89.063, 53.646, 85.417 → 79.948 → 79.9;
    # the mean of the rounded 91.7, 89.1, 53.6, 85.4 is 79.95 → 80.0
    raws = [Decimal(275) / 3, Decimal("89.0625"), Decimal("53.6458333"), Decimal("85.4166667")]
    assert mean_score(raws) == Decimal("79.9")
    assert mean_score([]) is None
