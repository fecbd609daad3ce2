from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.scoring import Answer

from .builders import (
    band,
    build_rubric,
    element,
    maturity,
    score,
    section,
    text,
    yes_no,
)

D = Decimal


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (4, 4, D("100.0")),
        (4, 0, D("50.0")),
        (3, 2, D("62.5")),
        (1, 0, D("12.5")),
        (0, 0, D("0.0")),
    ],
)
def test_element_score_is_the_mean_fraction_times_100(a: int, b: int, expected: Decimal) -> None:
    rubric = build_rubric([section("S", element("S.E", maturity("A"), maturity("B")))])
    card = score(rubric, {"A": Answer(level=a), "B": Answer(level=b)})
    assert card.element("S.E").score == expected
    assert card.section("S").score == expected
    assert card.overall == expected


def test_na_leaves_the_denominator() -> None:
    rubric = build_rubric(
        [section("S", element("S.E", maturity("A"), maturity("B", na_allowed=True)))]
    )
    card = score(rubric, {"A": Answer(level=3), "B": Answer(na_reason="no sales")})
    assert card.element("S.E").score == D("75.0")


def test_item_weights_weigh_the_mean() -> None:
    rubric = build_rubric([section("S", element("S.E", maturity("A", 3), maturity("B", 1)))])
    card = score(rubric, {"A": Answer(level=4), "B": Answer(level=0)})
    assert card.element("S.E").score == D("75.0")


def test_a_zero_weight_item_is_shown_but_not_scored() -> None:
    rubric = build_rubric([section("S", element("S.E", maturity("A"), maturity("B", 0)))])
    card = score(rubric, {"A": Answer(level=2), "B": Answer(level=4)})
    assert card.element("S.E").score == D("50.0")
    assert card.item("B").fraction == 1


def test_an_element_of_only_zero_weights_has_no_score_and_leaves_the_section() -> None:
    rubric = build_rubric(
        [section("S", element("S.E1", maturity("A")), element("S.E2", maturity("B", 0)))]
    )
    card = score(rubric, {"A": Answer(level=2), "B": Answer(level=4)})
    assert card.element("S.E2").score is None
    assert card.section("S").score == D("50.0")


def test_zero_weight_elements_and_sections_carry_no_weight() -> None:
    rubric = build_rubric(
        [
            section("S", element("S.E1", maturity("A")), element("S.E2", maturity("B"), weight=0)),
            section("T", element("T.E", maturity("C")), weight=0),
        ]
    )
    card = score(rubric, {"A": Answer(level=4), "B": Answer(level=0), "C": Answer(level=0)})
    assert card.element("S.E2").score == D("0.0")
    assert card.section("S").score == D("100.0")
    assert card.section("T").score == D("0.0")
    assert card.overall == D("100.0")


def test_element_and_section_weights() -> None:
    rubric = build_rubric(
        [
            section("S", element("S.E1", maturity("A"), weight=3), element("S.E2", maturity("B"))),
            section("T", element("T.E", maturity("C")), weight=2),
        ]
    )
    card = score(rubric, {"A": Answer(level=4), "B": Answer(level=0), "C": Answer(level=2)})
    assert card.section("S").score == D("75.0")
    assert card.overall == D("58.3")  # (75 + 2 x 50) / 3 = 58.33...


def test_a_declared_na_section_leaves_its_component_and_weight_is_shared() -> None:
    rubric = build_rubric(
        [
            section("S", element("S.E", maturity("A"))),
            section("T", element("T.E", maturity("B")), na_allowed=True),
        ]
    )
    card = score(rubric, {"A": Answer(level=3)}, na_sections={"T": "no products"})
    assert card.section("T").score is None
    assert card.section("T").na_reason == "no products"
    assert card.overall == D("75.0")
    assert card.complete


def test_a_section_whose_items_are_all_na_has_no_score() -> None:
    rubric = build_rubric(
        [
            section("S", element("S.E", maturity("A"))),
            section("T", element("T.E", maturity("B", na_allowed=True))),
        ]
    )
    card = score(rubric, {"A": Answer(level=2), "B": Answer(na_reason="none")})
    assert card.section("T").score is None
    assert card.overall == D("50.0")


def test_components_weigh_the_overall_score() -> None:
    rubric = build_rubric(
        [
            section("M", element("M.E", maturity("A")), kind="management"),
            section("C", element("C.E", maturity("B"))),
        ],
        components=[
            {
                "id": "ms",
                "label": text("ms"),
                "weight": "0.25",
                "source": "sections",
                "sections": ["M"],
            },
            {
                "id": "codes",
                "label": text("codes"),
                "weight": "0.75",
                "source": "sections",
                "sections": ["C"],
            },
        ],
    )
    card = score(rubric, {"A": Answer(level=4), "B": Answer(level=2)})
    assert [c.score for c in card.components] == [D("100.0"), D("50.0")]
    assert card.overall == D("62.5")


def test_unanswered_items_count_zero_and_are_listed_as_missing() -> None:
    rubric = build_rubric(
        [section("S", element("S.E", maturity("A"), yes_no("B")))],
        bands=[band(1, 10, {"type": "all_sections_assessed"})],
    )
    card = score(rubric, {"A": Answer(level=4)})
    assert card.element("S.E").score == D("50.0")
    assert card.missing == ("B",)
    assert not card.complete
    (gate,) = [g for g in card.rating.bands[0].gates if g.kind == "all_sections_assessed"]
    assert not gate.passed
    assert gate.reason == "1 items not answered: B"
    assert card.rating.stars == 0


def test_no_components_scored_gives_no_overall() -> None:
    rubric = build_rubric(
        [section("T", element("T.E", maturity("B")), na_allowed=True)],
    )
    card = score(rubric, {}, na_sections={"T": "n/a"})
    assert card.overall is None
    assert card.rating.stars == 0
    assert card.rating.bands[0].gates[0].reason == "no overall score"
