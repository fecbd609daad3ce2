from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.rubrics.model import Rubric
from rcapp.scoring import Answer, GateKind, ScoringContext

from .builders import (
    ASSESSED,
    band,
    build_rubric,
    element,
    maturity,
    score,
    section,
    split_answers,
    split_section,
)

BANDS = [
    band(1, 60, min_section=40),
    band(2, 70, min_section=50),
    band(3, 80, min_section=60, min_element=25),
]


@pytest.mark.parametrize(
    ("overall", "stars"),
    [
        ("59.9", 0),
        ("59.94", 0),
        ("59.95", 1),
        ("60", 1),
        ("60.1", 1),
        ("69.9", 1),
        ("69.95", 2),
        ("70", 2),
        ("70.1", 2),
        ("79.9", 2),
        ("80", 3),
        ("80.1", 3),
        ("100", 3),
    ],
)
def test_overall_thresholds_at_each_boundary(overall: str, stars: int) -> None:
    rubric = build_rubric([split_section("S", overall)], BANDS)
    card = score(rubric, split_answers("S"))
    assert card.rating.stars == stars
    assert card.overall == Decimal(overall).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")


@pytest.mark.parametrize(
    ("floor_section", "stars"),
    [
        ("39.9", 0),
        ("39.95", 1),
        ("40", 1),
        ("40.1", 1),
        ("49.9", 1),
        ("50", 2),
        ("59.9", 2),
        ("60", 3),
    ],
)
def test_section_floors_at_each_boundary(floor_section: str, stars: int) -> None:
    bands = [band(1, 0, min_section=40), band(2, 0, min_section=50), band(3, 0, min_section=60)]
    rubric = build_rubric([split_section("S", floor_section), split_section("T", 100)], bands)
    card = score(rubric, split_answers("S", "T"))
    assert card.rating.stars == stars
    gates = [g for g in card.rating.bands[0].gates if g.kind is GateKind.SECTION_FLOOR]
    assert [g.subject for g in gates] == ["S", "T"]


def _element_floor_rubric(value: str) -> Rubric:
    rest = str(100 - Decimal(value))
    low = element("S.E1", maturity("a", value), maturity("b", rest))
    high = element("S.E2", maturity("c"))
    return build_rubric([section("S", low, high)], [band(1, 0, min_element=25)])


@pytest.mark.parametrize(
    ("value", "stars"), [("24.9", 0), ("24.94", 0), ("24.95", 1), ("25", 1), ("25.1", 1)]
)
def test_element_floor_at_its_boundary(value: str, stars: int) -> None:
    rubric = _element_floor_rubric(value)
    answers = {"a": Answer(level=4), "b": Answer(level=0), "c": Answer(level=4)}
    card = score(rubric, answers)
    assert card.rating.stars == stars
    (gate,) = [g for g in card.rating.bands[0].gates if g.kind is GateKind.ELEMENT_FLOOR]
    assert gate.passed is bool(stars)
    if not stars:
        assert gate.reason.startswith("elements below 25: S.E1 24.9")


def test_the_management_section_has_no_floor_by_default() -> None:
    rubric = build_rubric(
        [split_section("M", 10, kind="management"), split_section("C", 100)],
        [band(1, 50, min_section=40)],
    )
    card = score(rubric, split_answers("M", "C"))
    assert card.rating.stars == 1
    floors = [g.subject for g in card.rating.bands[0].gates if g.kind is GateKind.SECTION_FLOOR]
    assert floors == ["C"]


def test_stars_are_cumulative() -> None:
    bands = [
        band(1, 0, {"type": "verified"}),
        band(2, 0),
    ]
    rubric = build_rubric([split_section("S", 90)], bands)
    card = score(rubric, split_answers("S"))
    assert card.rating.bands[1].passed
    assert card.rating.stars == 0
    assert card.rating.next_stars == 1
    assert [g.reason for g in card.rating.binding] == [
        "not verified by the secretariat or a third party"
    ]


def test_an_unmet_prerequisite_means_not_rated() -> None:
    rubric = build_rubric(
        [split_section("S", 90)],
        [band(1, 60)],
        prerequisites=[{"id": "P1", "prompt": {"zh": "p", "en": "p"}}],
    )
    card = score(rubric, split_answers("S"))
    assert (card.rating.stars, card.rating.rated) == (0, False)
    assert card.rating.binding[-1].reason == "prerequisites not met: P1 (not rated)"
    met = score(rubric, split_answers("S"), prerequisites_met=frozenset({"P1"}))
    assert (met.rating.stars, met.rating.rated) == (1, True)


@pytest.mark.parametrize(
    ("reviewers", "onsite", "needs_onsite", "passed"),
    [
        (1, False, False, False),
        (2, False, False, True),
        (2, False, True, False),
        (3, True, True, True),
    ],
)
def test_peer_review_gate(reviewers: int, onsite: bool, needs_onsite: bool, passed: bool) -> None:
    condition = {"type": "peer_reviewed", "min_reviewers": 2, "onsite": needs_onsite}
    rubric = build_rubric([split_section("S", 90)], [band(1, 0, condition)])
    context = ScoringContext(
        assessment_date=ASSESSED, peer_reviewers=reviewers, onsite_review=onsite
    )
    card = score(rubric, split_answers("S"), context)
    assert card.rating.stars == int(passed)


def test_no_element_at_zero_gate() -> None:
    rubric = build_rubric(
        [section("S", element("S.E1", maturity("a")), element("S.E2", maturity("b")))],
        [band(1, 0, {"type": "no_element_at_zero"})],
    )
    card = score(rubric, {"a": Answer(level=4), "b": Answer(level=0)})
    assert card.rating.bands[0].gates[-1].reason == "elements scored 0: S.E2"
    assert score(rubric, {"a": Answer(level=4), "b": Answer(level=1)}).rating.stars == 1


@pytest.mark.parametrize(
    ("good_practice", "verified", "stars"), [(False, True, 1), (True, True, 2)]
)
def test_verification_and_good_practice_gates(
    good_practice: bool, verified: bool, stars: int
) -> None:
    bands = [band(1, 0, {"type": "verified"}), band(2, 0, {"type": "good_practice_case"})]
    rubric = build_rubric([split_section("S", 90)], bands)
    context = ScoringContext(
        assessment_date=ASSESSED, verified=verified, good_practice_case=good_practice
    )
    assert score(rubric, split_answers("S"), context).rating.stars == stars


def test_every_gate_has_a_reason_and_the_top_star_has_no_next() -> None:
    rubric = build_rubric([split_section("S", 100)], BANDS)
    card = score(rubric, split_answers("S"))
    assert card.rating.stars == 3
    assert card.rating.next_stars is None
    assert card.rating.binding == ()
    assert card.path is None
    assert all(g.reason for b in card.rating.bands for g in b.gates)
    assert card.rating.bands[0].gates[0].reason == "overall 100.0 ≥ 60"
