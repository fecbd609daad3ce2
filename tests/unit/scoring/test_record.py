"""The rating of record after a resubmission: a final rating only ever lowered (qa49 B1)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from rcapp.rubrics.model import Text, VetoEffect
from rcapp.scoring import BandResult, Gate, GateKind, StarRating, VetoHit, codec
from rcapp.scoring.record import data_cap, keep_lowering, rating_of_record
from rcapp.scoring.scorecard import LoweredRating

from .test_kpis import _card

OK = Gate(GateKind.OVERALL, True, "overall ok")
LOW = Gate(GateKind.OVERALL, False, "overall low")
PEER = Gate(GateKind.PEER_REVIEWED, False, "no peer review")
FATAL = Gate(GateKind.VETO, False, "veto V2", "V2")
NO_STAR = Gate(GateKind.VETO, False, "veto V1", "V1")
DEATHS = Gate(GateKind.KPI_THRESHOLD, False, "contractor deaths", "OHS-02")
MISMATCH = Gate(GateKind.DATA_CONSISTENT, False, "1 data problem")
HIT = VetoHit(
    "V2", Text(zh="致死", en="fatal"), VetoEffect.CAP, 2, "safety_accident", dt.date(2025, 8, 3)
)


def _rating(stars: int, *bands: tuple[Gate, ...], hits: tuple[VetoHit, ...] = ()) -> StarRating:
    results = tuple(
        BandResult(n, Text(zh=f"{n}", en=f"{n}"), gates) for n, gates in enumerate(bands, start=1)
    )
    upcoming = next((b for b in results if b.stars > stars), None)
    return StarRating(
        stars,
        len(bands),
        True,
        results,
        hits,
        None if upcoming is None else upcoming.stars,
        () if upcoming is None else upcoming.failed,
    )


FINAL_3 = _rating(3, (OK,), (OK,), (OK,), (LOW,))

# (case, the resubmitted self rating, stars of record, gates that lowered it)
CASES = [
    (
        "no veto: the final stars stay",
        _rating(1, (OK,), (OK, PEER), (OK, PEER), (LOW,)),
        3,
        (),
    ),
    (
        "the self result is lower for want of a peer review: not a cap",
        _rating(1, (OK,), (PEER,), (PEER,), (LOW,)),
        3,
        (),
    ),
    (
        "a fatal accident caps at two stars",
        _rating(1, (OK,), (OK, PEER), (OK, PEER, FATAL), (LOW, FATAL), hits=(HIT,)),
        2,
        (FATAL,),
    ),
    (
        "contractor deaths in the KPI data and a register mismatch cap at two",
        _rating(1, (OK,), (PEER,), (PEER, DEATHS, MISMATCH), (LOW,)),
        2,
        (DEATHS, MISMATCH),
    ),
    (
        "a no-star veto takes every star",
        _rating(0, (OK, NO_STAR), (OK, NO_STAR), (NO_STAR,), (NO_STAR,)),
        0,
        (NO_STAR,),
    ),
    (
        "a cap above the final stars leaves them",
        _rating(1, (OK,), (OK,), (OK,), (FATAL,)),
        3,
        (),
    ),
]


@pytest.mark.parametrize(
    ("current", "stars", "gates"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_rating_of_record(current: StarRating, stars: int, gates: tuple[Gate, ...]) -> None:
    found = rating_of_record(FINAL_3, current)
    assert found.stars == stars
    if not gates:
        assert found is FINAL_3
        return
    assert found.lowered == LoweredRating(peer_stars=3, gates=gates)
    # the bands above the cap fail on the capping gates: "why not the next star" names them
    assert found.next_stars == stars + 1
    assert set(gates) <= set(found.binding)
    assert [b.passed for b in found.bands][:stars] == [True] * stars


@pytest.mark.parametrize("final_stars", range(0, 6))
@pytest.mark.parametrize("current", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_never_raised(final_stars: int, current: StarRating) -> None:
    final = dataclasses.replace(FINAL_3, stars=final_stars)
    found = rating_of_record(final, current)
    assert found.stars <= final_stars
    cap = data_cap(current)
    assert found.stars == min(final_stars, final_stars if cap is None else cap[0])


def test_not_rated_final_stays() -> None:
    final = dataclasses.replace(FINAL_3, rated=False)
    assert rating_of_record(final, CASES[2][1]) is final


def test_lowered_again_keeps_the_peer_stars_and_every_reason() -> None:
    once = rating_of_record(FINAL_3, CASES[3][1])
    twice = rating_of_record(once, CASES[4][1])
    assert twice.stars == 0
    assert twice.lowered == LoweredRating(peer_stars=3, gates=(DEATHS, MISMATCH, NO_STAR))
    # a later resubmission without the vetoes never raises it back
    assert rating_of_record(twice, CASES[0][1]) is twice


def test_veto_hits_of_the_resubmission_are_kept() -> None:
    found = rating_of_record(FINAL_3, CASES[2][1])
    assert found.vetoes == (HIT,)


@pytest.mark.parametrize(
    ("rescored_stars", "stars", "peer"),
    [(3, 2, 3), (4, 2, 4), (2, 2, 3), (1, 1, 3)],
    ids=["same", "up", "at", "below"],
)
def test_recompute_keeps_the_lowering(rescored_stars: int, stars: int, peer: int) -> None:
    stored = rating_of_record(FINAL_3, CASES[2][1])
    rescored = dataclasses.replace(FINAL_3, stars=rescored_stars)
    found = keep_lowering(rescored, stored)
    assert found.stars == stars
    assert found.lowered is not None
    assert found.lowered.peer_stars == peer


def test_lowered_rating_survives_the_codec() -> None:
    card = _card({})
    lowered = dataclasses.replace(card, rating=rating_of_record(FINAL_3, CASES[2][1]))
    assert codec.decode(codec.encode(lowered)) == lowered
    # a scorecard stored before the field existed still decodes
    document = codec.encode(card)
    del document["scorecard"]["rating"]["lowered"]
    assert codec.decode(document).rating.lowered is None
