"""Table-driven tests of the version-2 rules: Decree 493 grades at every boundary, figure and
window-total vetoes, environmental levels I-IV, KPI gates, consistency flags, targets and the
uploaded-file evidence rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from rcapp.rubrics.model import EventGrade, Rubric
from rcapp.scoring import (
    Answer,
    DataProblemKind,
    Event,
    FlagKind,
    GateKind,
    Scorecard,
    ScoringContext,
    Target,
)
from rcapp.scoring.grades import decree_493_grade

from .builders import (
    band,
    build_rubric,
    element,
    maturity,
    score,
    section,
    split_answers,
    split_section,
    text,
)

G = EventGrade
ASSESSED = dt.date(2026, 3, 31)
IN_YEAR = dt.date(2025, 8, 1)
EVENT_TYPES = [
    {"id": "accident", "label": text("accident"), "scale": "decree_493"},
    {"id": "env", "label": text("environmental incident"), "scale": "env_levels"},
    {"id": "pse", "label": text("Tier 1 PSE"), "graded": False},
]
KPI_INPUTS = [
    {"id": name, "label": text(name), "unit": text("n"), "integer": integer}
    for name, integer in (
        ("deaths", True),
        ("lti", True),
        ("tier1", True),
        ("hours", False),
        ("tonnes", False),
        ("energy", False),
    )
]
KPIS = [
    {
        "id": "DEATHS",
        "name": text("deaths"),
        "category": "safety",
        "formula": "deaths",
        "unit": text("n"),
        "better": "lower",
        "aggregation": "sum",
    },
    {
        "id": "LTIF",
        "name": text("LTIF"),
        "category": "safety",
        "formula": "lti / hours",
        "unit": text("n"),
        "bases": ["per_1m_hours"],
        "better": "lower",
        "aggregation": "pooled",
        "core": True,
    },
    {
        "id": "ENERGY",
        "name": text("energy per t"),
        "category": "resources",
        "formula": "energy / tonnes",
        "unit": text("tce/t"),
        "better": "lower",
        "aggregation": "pooled",
    },
]
CONSISTENCY = [
    {
        "id": "K1",
        "label": text("deaths"),
        "kpi_inputs": ["deaths"],
        "event_types": ["accident"],
        "figure": "fatalities",
        "counts_for_vetoes": True,
    },
    {
        "id": "K2",
        "label": text("lost time"),
        "kpi_inputs": ["lti"],
        "event_types": ["accident"],
        "figure": "serious_injuries",
        "compare": "kpi_at_least",
    },
    {
        "id": "K3",
        "label": text("tier 1"),
        "kpi_inputs": ["tier1"],
        "event_types": ["pse"],
        "figure": "events",
    },
]


def rubric(*vetoes: dict[str, Any], conditions: tuple[dict[str, Any], ...] = ()) -> Rubric:
    rules = [
        {"id": v.pop("id", f"V{i}"), "title": text("veto"), "window_months": 36, **v}
        for i, v in enumerate(vetoes, 1)
    ]
    bands = [band(n, 0, *(conditions if n == 3 else ())) for n in range(1, 6)]
    data = build_rubric(
        [split_section("S", 100)],
        bands,
        vetoes=rules,
        event_types=EVENT_TYPES,
        kpi_inputs=KPI_INPUTS,
        kpis=KPIS,
    ).model_dump(mode="json", by_alias=True)
    data["rating"]["consistency"] = CONSISTENCY
    return Rubric.model_validate(data)


def card(rubric_: Rubric, *events: Event, **inputs: Any) -> Scorecard:
    context = ScoringContext(assessment_date=ASSESSED)
    return score(rubric_, split_answers("S"), context, events=events, **inputs)


# --- Decree 493 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deaths", "injuries", "loss", "grade"),
    [
        (0, 0, None, G.GENERAL),
        (2, 0, None, G.GENERAL),
        (3, 0, None, G.LARGER),  # 3 deaths: 以上 includes the number
        (9, 0, None, G.LARGER),
        (10, 0, None, G.MAJOR),
        (29, 0, None, G.MAJOR),
        (30, 0, None, G.ESPECIALLY_MAJOR),
        (0, 9, None, G.GENERAL),
        (0, 10, None, G.LARGER),
        (0, 49, None, G.LARGER),
        (0, 50, None, G.MAJOR),
        (0, 99, None, G.MAJOR),
        (0, 100, None, G.ESPECIALLY_MAJOR),
        (0, 0, Decimal("999.99"), G.GENERAL),
        (0, 0, Decimal(1000), G.LARGER),  # ¥10 M
        (0, 0, Decimal("4999.99"), G.LARGER),
        (0, 0, Decimal(5000), G.MAJOR),  # ¥50 M
        (0, 0, Decimal(10000), G.ESPECIALLY_MAJOR),  # ¥100 M
        (2, 10, Decimal(500), G.LARGER),  # the worst figure decides
        (3, 50, Decimal(0), G.MAJOR),
    ],
)
def test_decree_493_grade_from_figures(
    deaths: int, injuries: int, loss: Decimal | None, grade: EventGrade
) -> None:
    assert decree_493_grade(deaths, injuries, loss) is grade


@pytest.mark.parametrize(
    ("entered", "deaths", "stars", "problem"),
    [
        (None, 2, 5, False),  # general with figures that say general: fine
        (None, 3, 0, True),  # ungraded, three deaths: larger, vetoed, flagged
        (G.GENERAL, 4, 0, True),  # entered too low: the higher grade counts
        (G.LARGER, 4, 0, False),
        (G.MAJOR, 1, 0, False),  # entered above the figures: the entered grade counts
    ],
)
def test_the_higher_of_entered_and_derived_grade_counts(
    entered: EventGrade | None, deaths: int, stars: int, problem: bool
) -> None:
    scored = card(
        rubric({"event_type": "accident", "min_grade": "larger", "effect": "no_star"}),
        Event("accident", IN_YEAR, entered, fatalities=deaths),
        kpi_inputs={"deaths": Decimal(deaths)},
    )

    assert scored.rating.stars == stars
    kinds = [p.kind for p in scored.data_problems]
    assert kinds == ([DataProblemKind.GRADE_BELOW_FIGURES] if problem else [])


def test_environmental_levels_are_entered_never_derived() -> None:
    rules = rubric(
        {"event_type": "env", "min_grade": "larger", "effect": "no_star"},
        {"event_type": "env", "min_grade": "general", "effect": "cap", "max_stars": 3},
    )
    for grade, stars in ((G.GENERAL, 3), (G.LARGER, 0), (G.MAJOR, 0), (G.ESPECIALLY_MAJOR, 0)):
        scored = card(rules, Event("env", IN_YEAR, grade, fatalities=5))
        assert scored.rating.stars == stars
        assert not scored.data_problems


# --- veto rules on figures and window totals ---------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "event", "stars"),
    [
        ({"min_fatalities": 1}, Event("accident", IN_YEAR, fatalities=1), 0),
        ({"min_fatalities": 1}, Event("accident", IN_YEAR, fatalities=0), 5),
        ({"min_serious_injuries": 5}, Event("accident", IN_YEAR, serious_injuries=5), 0),
        ({"min_serious_injuries": 5}, Event("accident", IN_YEAR, serious_injuries=4), 5),
        ({"min_direct_loss": "100"}, Event("accident", IN_YEAR, direct_loss=Decimal(100)), 0),
        ({"min_direct_loss": "100"}, Event("accident", IN_YEAR, direct_loss=Decimal(99)), 5),
        ({"min_direct_loss": "100"}, Event("accident", IN_YEAR), 5),  # no loss entered
    ],
)
def test_vetoes_on_figures(rule: dict[str, Any], event: Event, stars: int) -> None:
    rules = rubric({"event_type": "accident", "effect": "no_star", **rule})
    assert card(rules, event).rating.stars == stars


@pytest.mark.parametrize(
    ("deaths", "scope", "stars"),
    [
        ((1, 1, 1), "window_total", 0),  # three fatal accidents, three deaths in all
        ((1, 1), "window_total", 5),
        ((1, 1, 1), "each_event", 5),  # no single accident has three deaths
        ((3,), "each_event", 0),
    ],
)
def test_window_total_adds_up_deaths(deaths: tuple[int, ...], scope: str, stars: int) -> None:
    rules = rubric(
        {"event_type": "accident", "min_fatalities": 3, "scope": scope, "effect": "no_star"}
    )
    events = [
        Event("accident", dt.date(2025, month, 1), G.GENERAL, fatalities=n)
        for month, n in enumerate(deaths, 1)
    ]
    assert card(rules, *events).rating.stars == stars


# --- consistency of KPI data and the events register -------------------------------------------


@pytest.mark.parametrize(
    ("kpi", "events", "flagged"),
    [
        ({"deaths": 0, "lti": 0, "tier1": 0}, (), []),
        ({"deaths": 2}, (), ["K1"]),  # deaths in the KPI data only
        ({"deaths": 0}, (Event("accident", IN_YEAR, fatalities=1),), ["K1"]),  # register only
        ({"lti": 3}, (Event("accident", IN_YEAR, serious_injuries=2),), []),  # kpi_at_least
        ({"lti": 1}, (Event("accident", IN_YEAR, serious_injuries=2),), ["K2"]),
        ({"tier1": 2}, (Event("pse", IN_YEAR),), ["K3"]),
        (
            {"tier1": 1},
            (Event("pse", IN_YEAR), Event("pse", dt.date(2024, 5, 1))),
            [],
        ),  # other year
        ({}, (Event("accident", IN_YEAR, fatalities=1),), []),  # no KPI data: nothing to compare
    ],
)
def test_kpi_data_against_the_register(
    kpi: dict[str, int], events: tuple[Event, ...], flagged: list[str]
) -> None:
    inputs = {key: Decimal(value) for key, value in kpi.items()}
    scored = card(rubric(conditions=({"type": "data_consistent"},)), *events, kpi_inputs=inputs)

    assert [p.subject for p in scored.data_problems] == flagged
    assert scored.rating.stars == (5 if not flagged else 2)


def test_deaths_in_kpi_data_count_for_the_veto_without_an_event() -> None:
    rules = rubric(
        {"id": "V1", "event_type": "accident", "min_grade": "larger", "effect": "no_star"},
        {
            "id": "V2",
            "event_type": "accident",
            "min_fatalities": 1,
            "effect": "cap",
            "max_stars": 2,
        },
    )
    one = card(rules, kpi_inputs={"deaths": Decimal(1)})
    three = card(rules, kpi_inputs={"deaths": Decimal(3)})
    explained = card(
        rules, Event("accident", IN_YEAR, fatalities=1), kpi_inputs={"deaths": Decimal(1)}
    )

    assert (one.rating.stars, [h.rule_id for h in one.rating.vetoes]) == (2, ["V2"])
    assert one.rating.vetoes[0].from_kpi_data
    assert three.rating.stars == 0
    assert explained.rating.stars == 2
    assert not explained.rating.vetoes[0].from_kpi_data


def test_an_event_after_the_assessment_date_is_listed_and_not_counted() -> None:
    rules = rubric({"event_type": "accident", "min_fatalities": 1, "effect": "no_star"})
    # Assessed (submitted) in October of the reporting year; the event is in November.
    context = ScoringContext(assessment_date=dt.date(2025, 10, 1))
    late = Event("accident", dt.date(2025, 11, 15), fatalities=1)
    scored = score(rules, split_answers("S"), context, events=(late,))

    assert scored.rating.stars == 5
    [problem] = scored.data_problems
    assert problem.kind is DataProblemKind.EVENT_AFTER_ASSESSMENT
    assert not problem.blocks


def test_an_event_of_a_later_year_is_not_counted_nor_listed() -> None:
    # The organisation's register spans its years: next year's event belongs to next year's
    # assessment and is no data problem of this (closed) one (qa9 D5).
    rules = rubric({"event_type": "accident", "min_fatalities": 1, "effect": "no_star"})
    scored = card(rules, Event("accident", dt.date(2026, 5, 1), fatalities=1))

    assert scored.rating.stars == 5
    assert scored.data_problems == ()


# --- KPI gates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("deaths", "stars"), [(0, 5), (1, 2), (None, 2)])
def test_kpi_gate_no_fatality_for_three_stars(deaths: int | None, stars: int) -> None:
    gate = {"type": "kpi_threshold", "kpi": "DEATHS", "op": "<=", "value": 0, "label": text("none")}
    inputs = {} if deaths is None else {"deaths": Decimal(deaths)}
    events = (Event("accident", IN_YEAR, fatalities=deaths),) if deaths else ()
    scored = card(rubric(conditions=(gate,)), *events, kpi_inputs=inputs)
    assert scored.rating.stars == stars


# --- own targets --------------------------------------------------------------------------------

HISTORY = {2022: {"energy": Decimal(100), "tonnes": Decimal(100)}}


@pytest.mark.parametrize(
    ("energy", "target", "on_track"),
    [
        (Decimal(96), Target("ENERGY", 2022, 2026, change_pct=Decimal(-5)), True),  # 80 % / 75 %
        (Decimal(97), Target("ENERGY", 2022, 2026, change_pct=Decimal(-5)), False),  # 60 % / 75 %
        (Decimal(94), Target("ENERGY", 2022, 2026, value=Decimal("0.95")), True),  # met
        (Decimal(99), Target("ENERGY", 2022, 2025, change_pct=Decimal(-5)), False),  # deadline
        (Decimal(90), Target("ENERGY", 2021, 2026, change_pct=Decimal(-5)), False),  # no base
        # A goal worse than the base: 0.96 "meets" 1.1 but moves away from it, never on track.
        (Decimal(96), Target("ENERGY", 2022, 2026, change_pct=Decimal(10)), False),
        (Decimal(96), Target("ENERGY", 2022, 2026, value=Decimal("1.05")), False),
        (Decimal(102), Target("ENERGY", 2022, 2026, change_pct=Decimal(-5)), False),  # worse
        (Decimal(100), Target("ENERGY", 2022, 2026, change_pct=Decimal(0)), True),  # kept
    ],
)
def test_target_progress(energy: Decimal, target: Target, on_track: bool) -> None:
    scored = card(
        rubric(conditions=({"type": "targets_on_track", "min_targets": 1},)),
        kpi_inputs={"energy": energy, "tonnes": Decimal(100)},
        kpi_history=HISTORY,
        targets=(target,),
    )
    [progress] = scored.targets
    assert progress.on_track is on_track
    assert scored.rating.stars == (5 if on_track else 2)


@pytest.mark.parametrize(
    ("energy", "achieved", "on_track"),
    [
        (Decimal("100.01"), "0.0", False),  # -0.02 % rounds to 0.0, never "-0.0"
        (Decimal(110), "-20.0", False),  # moving away: negative, behind
        (Decimal(95), "10.0", False),
    ],
)
def test_progress_share_has_no_negative_zero(
    energy: Decimal, achieved: str, on_track: bool
) -> None:
    scored = card(
        rubric(conditions=({"type": "targets_on_track", "min_targets": 1},)),
        kpi_inputs={"energy": energy, "tonnes": Decimal(100)},
        kpi_history=HISTORY,
        targets=(Target("ENERGY", 2022, 2026, change_pct=Decimal(-50)),),
    )
    [progress] = scored.targets
    assert str(progress.achieved_pct) == achieved
    assert progress.on_track is on_track


def test_targets_gate_needs_enough_targets() -> None:
    scored = card(rubric(conditions=({"type": "targets_on_track", "min_targets": 2},)))
    band3 = scored.rating.bands[2]
    [gate] = [g for g in band3.gates if g.kind is GateKind.TARGETS_ON_TRACK]
    assert not gate.passed
    assert gate.reason == "0 own targets set (needs 2)"


# --- evidence: an uploaded file from a level on ---------------------------------------------------


def _file_rubric() -> Rubric:
    item = maturity("A.1", evidence_from=2)
    item["evidence"]["file_from_level"] = 3
    return build_rubric([section("A", element("A.E", item))])


@pytest.mark.parametrize(
    ("answer", "counted", "flag"),
    [
        (Answer(level=4, files=("report.pdf",)), 4, None),
        (Answer(level=4, evidence=("a note",)), 2, FlagKind.FILE_CAP),
        (Answer(level=2, evidence=("a note",)), 2, None),
        (Answer(level=4), 1, FlagKind.EVIDENCE_CAP),
        (Answer(level=3, evidence=("a note",), files=("scan.pdf",)), 3, None),
    ],
)
def test_uploaded_file_rule(answer: Answer, counted: int, flag: FlagKind | None) -> None:
    scored = score(_file_rubric(), {"A.1": answer}).item("A.1")
    assert scored.effective_level == counted
    assert [f.kind for f in scored.flags] == ([flag] if flag else [])
