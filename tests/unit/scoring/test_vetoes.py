from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rcapp.rubrics.model import EventGrade, Rubric
from rcapp.scoring import Event, GateKind, ScoringContext
from rcapp.scoring.vetoes import months_before

from .builders import band, build_rubric, score, split_answers, split_section, text

ASSESSED = dt.date(2025, 6, 30)
EVENT_TYPES = [
    {"id": "accident", "label": text("accident")},
    {"id": "mass", "label": text("mass incident"), "graded": False},
]


def _rubric(**rule: Any) -> Rubric:
    veto = {"id": "V", "title": text("veto"), "event_type": "accident", "window_months": 12}
    veto.update(rule)
    bands = [band(n, 0) for n in range(1, 6)]
    return build_rubric([split_section("S", 100)], bands, vetoes=[veto], event_types=EVENT_TYPES)


def _stars(rubric: Rubric, *events: Event) -> int:
    context = ScoringContext(assessment_date=ASSESSED)
    return score(rubric, split_answers("S"), context, events=events).rating.stars


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 6, 30), 12, dt.date(2024, 6, 30)),
        (dt.date(2025, 3, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2025, 1, 15), 36, dt.date(2022, 1, 15)),
        (dt.date(2025, 1, 15), 1, dt.date(2024, 12, 15)),
    ],
)
def test_months_before(day: dt.date, months: int, expected: dt.date) -> None:
    assert months_before(day, months) == expected


@pytest.mark.parametrize(
    ("date", "stars"),
    [
        (dt.date(2024, 6, 29), 5),
        (dt.date(2024, 6, 30), 5),  # exactly 12 months before: outside the window
        (dt.date(2024, 7, 1), 0),
        (dt.date(2025, 6, 30), 0),  # on the assessment date: inside
        (dt.date(2025, 7, 1), 5),  # after the assessment date: not counted
    ],
)
def test_window_edges(date: dt.date, stars: int) -> None:
    rubric = _rubric(effect="no_star")
    assert _stars(rubric, Event("accident", date, EventGrade.MAJOR)) == stars


@pytest.mark.parametrize(
    ("grade", "stars"),
    [
        (None, 5),
        (EventGrade.GENERAL, 5),
        (EventGrade.LARGER, 0),
        (EventGrade.MAJOR, 0),
        (EventGrade.ESPECIALLY_MAJOR, 0),
    ],
)
def test_min_grade(grade: EventGrade | None, stars: int) -> None:
    rubric = _rubric(effect="no_star", min_grade="larger")
    assert _stars(rubric, Event("accident", dt.date(2025, 1, 1), grade)) == stars


@pytest.mark.parametrize(("fatalities", "stars"), [(0, 5), (1, 2), (3, 2)])
def test_min_fatalities_with_a_cap(fatalities: int, stars: int) -> None:
    rubric = _rubric(effect="cap", max_stars=2, min_fatalities=1)
    event = Event("accident", dt.date(2025, 1, 1), EventGrade.GENERAL, fatalities)
    assert _stars(rubric, event) == stars


@pytest.mark.parametrize(("resolved", "stars"), [(True, 5), (False, 1)])
def test_only_unresolved(resolved: bool, stars: int) -> None:
    rubric = _rubric(effect="cap", max_stars=1, only_unresolved=True)
    event = Event("accident", dt.date(2025, 1, 1), EventGrade.GENERAL, resolved=resolved)
    assert _stars(rubric, event) == stars


def test_other_event_types_do_not_trigger() -> None:
    rubric = _rubric(effect="no_star")
    assert _stars(rubric, Event("mass", dt.date(2025, 1, 1))) == 5


def test_a_cap_and_a_no_star_veto_together_give_no_star() -> None:
    caps = {"id": "C", "title": text("cap"), "event_type": "mass", "window_months": 12}
    rubric = build_rubric(
        [split_section("S", 100)],
        [band(n, 0) for n in range(1, 6)],
        vetoes=[
            {**caps, "effect": "cap", "max_stars": 2},
            {
                "id": "N",
                "title": text("no"),
                "event_type": "accident",
                "window_months": 36,
                "effect": "no_star",
            },
        ],
        event_types=EVENT_TYPES,
    )
    mass = Event("mass", dt.date(2025, 1, 1))
    accident = Event("accident", dt.date(2023, 1, 1))
    assert _stars(rubric, mass) == 2
    assert _stars(rubric, mass, accident) == 0


def test_a_cap_shows_as_a_failed_gate_above_it_and_binds_the_next_star() -> None:
    rubric = _rubric(effect="cap", max_stars=2)
    context = ScoringContext(assessment_date=ASSESSED)
    event = Event("accident", dt.date(2025, 2, 1), EventGrade.GENERAL)
    card = score(rubric, split_answers("S"), context, events=(event,))
    rating = card.rating
    assert rating.stars == 2
    assert [hit.rule_id for hit in rating.vetoes] == ["V"]
    veto_bands = [b.stars for b in rating.bands if any(g.kind is GateKind.VETO for g in b.gates)]
    assert veto_bands == [3, 4, 5]
    (binding,) = rating.binding
    assert binding.reason == "veto V (veto): accident on 2025-02-01 → at most 2 stars"
    assert card.path is not None
    assert card.path.steps == ()
    assert card.path.blockers == (binding,)
