"""The highest star rating within reach this year, from the gates' own `reach` (qa11 D3)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.rubrics.model import Text
from rcapp.scoring import BandResult, Gate, GateKind, GateReach, StarRating
from rcapp.scoring.ceiling import ceiling, rectifiable
from tests.real_rubrics import REGISTRY

from .builders import band
from .kpi_builders import year
from .test_kpis import _card

COMPANY, OTHERS, NOT_THIS_YEAR = GateReach.COMPANY, GateReach.OTHERS, GateReach.NOT_THIS_YEAR


def _gate(kind: GateKind, passed: bool = False, fixed: bool = False) -> Gate:
    return Gate(kind, passed, "", fixed=fixed)


OVERALL_LOW = _gate(GateKind.OVERALL)
OVERALL_OK = _gate(GateKind.OVERALL, True)
HISTORY = _gate(GateKind.KPIS_REPORTED, fixed=True)  # more years than this year can make
REPORT_NOW = _gate(GateKind.KPIS_REPORTED)  # reporting this year's figures passes it
PEER = _gate(GateKind.PEER_REVIEWED)
VETO = _gate(GateKind.VETO)


def _rating(*bands: tuple[Gate, ...]) -> StarRating:
    results = tuple(
        BandResult(stars, Text(zh=f"{stars}", en=f"{stars}"), gates)
        for stars, gates in enumerate(bands, start=1)
    )
    return StarRating(0, len(bands), True, results, (), 1, ())


# (case, bands' gates from one star up, year stars, own stars, limits (stars, kind), todo)
CASES = [
    (
        "first year: history and peer review hold back two stars",
        _rating((OVERALL_LOW,), (OVERALL_OK, HISTORY, PEER), (OVERALL_LOW, HISTORY, PEER)),
        1,
        1,
        [(2, GateKind.KPIS_REPORTED, NOT_THIS_YEAR), (2, GateKind.PEER_REVIEWED, OTHERS)],
        [GateKind.OVERALL],
    ),
    (
        "second year: peer review after the submission",
        _rating((OVERALL_OK,), (OVERALL_LOW, REPORT_NOW, PEER), (OVERALL_LOW, HISTORY)),
        2,
        1,
        [(2, GateKind.PEER_REVIEWED, OTHERS), (3, GateKind.KPIS_REPORTED, NOT_THIS_YEAR)],
        [],
    ),
    (
        "a veto takes every star",
        _rating((OVERALL_OK, VETO), (OVERALL_OK, VETO)),
        0,
        0,
        [(1, GateKind.VETO, NOT_THIS_YEAR)],
        [],
    ),
    (
        "nothing out of reach",
        _rating((OVERALL_LOW,), (OVERALL_LOW, REPORT_NOW)),
        2,
        2,
        [],
        [GateKind.OVERALL, GateKind.OVERALL, GateKind.KPIS_REPORTED],
    ),
    (
        "a passed peer review holds nothing back",
        _rating((OVERALL_OK,), (OVERALL_OK, _gate(GateKind.PEER_REVIEWED, True))),
        2,
        2,
        [],
        [],
    ),
]


@pytest.mark.parametrize(
    ("rating", "year_stars", "own_stars", "limits", "todo"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_ceiling(
    rating: StarRating,
    year_stars: int,
    own_stars: int,
    limits: list[tuple[int, GateKind, GateReach]],
    todo: list[GateKind],
) -> None:
    found = ceiling(rating)
    assert (found.year_stars, found.own_stars) == (year_stars, own_stars)
    assert [(lim.stars, lim.gate.kind, lim.reach) for lim in found.limits] == limits
    assert [gate.kind for gate in found.todo] == todo


@pytest.mark.parametrize(
    ("years_before", "needs", "reported", "fixed"),
    [
        (0, 2, True, True),  # a first year cannot make two years
        (0, 2, False, True),
        (1, 2, False, False),  # reporting this year's figures makes two
        (1, 3, True, True),
        (0, 1, False, False),
    ],
)
def test_the_engine_marks_a_years_of_history_condition_it_cannot_meet_this_year(
    years_before: int, needs: int, reported: bool, fixed: bool
) -> None:
    bands = [band(1, 0, {"type": "kpis_reported", "years": needs})]
    inputs = year() if reported else {"hours": Decimal(1000), "lti": Decimal(0)}
    card = _card(inputs, None, None, years_before, bands)
    gate = card.rating.bands[0].gates[-1]
    assert gate.kind is GateKind.KPIS_REPORTED
    assert gate.fixed is fixed
    assert gate.reach is (NOT_THIS_YEAR if fixed else COMPANY)


# (case, bands' gates from one star up, limits within reach (stars, kind), closing (stars, kind))
SHOWN = [
    (
        "first year: only the history that closes two stars, not the peer review above",
        _rating((OVERALL_LOW,), (OVERALL_OK, HISTORY, PEER), (OVERALL_LOW, HISTORY, PEER)),
        [],
        [(2, GateKind.KPIS_REPORTED)],
    ),
    (
        "second year: the peer review within reach, then what closes three stars",
        _rating((OVERALL_OK,), (OVERALL_LOW, REPORT_NOW, PEER), (OVERALL_LOW, HISTORY, PEER)),
        [(2, GateKind.PEER_REVIEWED)],
        [(3, GateKind.KPIS_REPORTED)],
    ),
    (
        "every condition of the lowest closed band, none above it",
        _rating((OVERALL_OK,), (OVERALL_OK, HISTORY, VETO), (OVERALL_OK, HISTORY, VETO, PEER)),
        [],
        [(2, GateKind.KPIS_REPORTED), (2, GateKind.VETO)],
    ),
    (
        "the top band within reach: nothing closes",
        _rating((OVERALL_OK,), (OVERALL_LOW, PEER)),
        [(2, GateKind.PEER_REVIEWED)],
        [],
    ),
]


@pytest.mark.parametrize(
    ("rating", "within", "closing"), [case[1:] for case in SHOWN], ids=[case[0] for case in SHOWN]
)
def test_the_limits_shown_stop_at_the_band_that_closes_the_year(
    rating: StarRating, within: list[tuple[int, GateKind]], closing: list[tuple[int, GateKind]]
) -> None:
    found = ceiling(rating)
    assert [(lim.stars, lim.gate.kind) for lim in found.within_reach()] == within
    assert [(lim.stars, lim.gate.kind) for lim in found.closing] == closing


HAZARD = Gate(GateKind.VETO, False, "", "V4")  # ends once its event is rectified
FATAL = Gate(GateKind.VETO, False, "", "V1")  # counts for its months, rectified or not

# (case, bands' gates from one star up, year stars, own stars, rectify (stars, subject),
#  closing (stars, subject))
RECTIFYING = [
    (
        "a hazard capping at one star: rectified, the top band",
        _rating((OVERALL_OK,), (OVERALL_OK, HAZARD), (OVERALL_OK, HAZARD)),
        3,
        3,
        [(2, "V4")],
        [],
    ),
    (
        "a hazard taking every star: rectified, every star",
        _rating((OVERALL_OK, HAZARD), (OVERALL_OK, HAZARD)),
        2,
        2,
        [(1, "V4")],
        [],
    ),
    (
        "a hazard below a peer review: the peer review still waits for others",
        _rating((OVERALL_OK,), (OVERALL_OK, HAZARD), (OVERALL_OK, HAZARD, PEER)),
        3,
        2,
        [(2, "V4")],
        [],
    ),
    (
        "a hazard below years of history: rectified, up to the history's band",
        _rating((OVERALL_OK,), (OVERALL_OK, HAZARD), (OVERALL_OK, HAZARD, HISTORY)),
        2,
        2,
        [(2, "V4")],
        [(3, None)],
    ),
    (
        "a fatality veto below the hazard: rectifying lifts nothing this year",
        _rating((OVERALL_OK, FATAL), (OVERALL_OK, FATAL, HAZARD)),
        0,
        0,
        [],
        [(1, "V1")],
    ),
    (
        "the same veto not lifted by rectifying: not this year",
        _rating((OVERALL_OK,), (OVERALL_OK, FATAL)),
        1,
        1,
        [],
        [(2, "V1")],
    ),
]


@pytest.mark.parametrize(
    ("rating", "year_stars", "own_stars", "rectify", "closing"),
    [case[1:] for case in RECTIFYING],
    ids=[case[0] for case in RECTIFYING],
)
def test_a_veto_that_ends_on_rectification_does_not_close_the_year(
    rating: StarRating,
    year_stars: int,
    own_stars: int,
    rectify: list[tuple[int, str]],
    closing: list[tuple[int, str | None]],
) -> None:
    found = ceiling(rating, frozenset({"V4"}))
    assert (found.year_stars, found.own_stars) == (year_stars, own_stars)
    assert [(lim.stars, lim.gate.subject) for lim in found.rectify] == rectify
    assert [(lim.stars, lim.gate.subject) for lim in found.closing] == closing
    assert all(lim.gate.subject != "V4" for lim in found.limits)


def test_without_rectifiable_vetoes_a_hazard_closes_the_year_as_before() -> None:
    found = ceiling(_rating((OVERALL_OK,), (OVERALL_OK, HAZARD)))
    assert (found.year_stars, found.rectify) == (1, ())
    assert [(lim.stars, lim.gate.subject) for lim in found.closing] == [(2, "V4")]


def test_the_rectifiable_vetoes_are_the_rubrics_only_unresolved_ones() -> None:
    rubric = REGISTRY.get("rc-company", 2).rubric
    assert rectifiable(rubric.rating.vetoes) == {"V6", "V7"}  # hazard, listing
