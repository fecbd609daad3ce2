"""A prerequisite about the core KPI data is not met while core KPI inputs are missing."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from rcapp.rubrics.model import Rubric
from rcapp.rubrics.registry import RubricRegistry
from rcapp.scoring import GateKind, GatePart, PartState, ScoringContext
from rcapp.scoring.cycle import AssessmentFacts, ElementSums, plan_for, rate
from rcapp.scoring.prerequisites import judge_prerequisites

from .builders import ASSESSED, band, build_rubric, score, split_answers, split_section, text

ROOT = Path(__file__).resolve().parents[3]
REGISTRY = RubricRegistry(ROOT / "rubrics")
D = Decimal


def _prerequisite(prerequisite_id: str, **extra: Any) -> dict[str, Any]:
    return {"id": prerequisite_id, "prompt": text(prerequisite_id), **extra}


def _kpi(kpi_id: str, formula: str, core: bool) -> dict[str, Any]:
    return {
        "id": kpi_id,
        "name": text(kpi_id),
        "category": "safety",
        "formula": formula,
        "unit": text("u"),
        "better": "lower",
        "aggregation": "pooled",
        "core": core,
    }


def _rubric(rubric_id: str = "test", version: int = 1, **p2: Any) -> Rubric:
    """Core KPI K1 = a / b, non-core K2 = c; P1 plain, P2 with `p2` (e.g. the check)."""
    return build_rubric(
        [split_section("S", 80)],
        [band(1, 50)],
        id=rubric_id,
        version=version,
        prerequisites=[_prerequisite("P1"), _prerequisite("P2", **p2)],
        kpi_inputs=[{"id": n, "label": text(n), "unit": text("u")} for n in ("a", "b", "c")],
        kpis=[_kpi("K1", "a / b", True), _kpi("K2", "c", False)],
    )


CHECKED = _rubric(check="core_kpi_inputs")
ALL = {"a": D(1), "b": D(2), "c": D(3)}

# (case, rubric, declared met, reported inputs, unmet, contradicted, missing inputs)
CASES = [
    ("every core input reported", CHECKED, {"P1", "P2"}, ALL, (), (), ()),
    ("a non-core input missing", CHECKED, {"P1", "P2"}, {"a": D(1), "b": D(2)}, (), (), ()),
    ("a core input missing", CHECKED, {"P1", "P2"}, {"a": D(1)}, ("P2",), ("P2",), ("b",)),
    ("no input at all", CHECKED, {"P1", "P2"}, {}, ("P2",), ("P2",), ("a", "b")),
    ("declared not met", CHECKED, {"P1"}, {}, ("P2",), (), ()),
    ("both unmet", CHECKED, set(), {}, ("P1", "P2"), (), ()),
    ("no check asked", _rubric(), {"P1", "P2"}, {}, (), (), ()),
    # Pinned versions written before `check`: their P6 is recognised by id and version.
    ("a later version is not pinned", _rubric("rc-company", 3), {"P1", "P2"}, {}, (), (), ()),
]


@pytest.mark.parametrize(
    ("rubric", "declared", "reported", "unmet", "contradicted", "missing"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_judge_prerequisites(
    rubric: Rubric,
    declared: set[str],
    reported: Mapping[str, Decimal],
    unmet: tuple[str, ...],
    contradicted: tuple[str, ...],
    missing: tuple[str, ...],
) -> None:
    found = judge_prerequisites(rubric, frozenset(declared), reported)
    assert (found.unmet, found.contradicted, found.missing_inputs) == (
        unmet,
        contradicted,
        missing,
    )


@pytest.mark.parametrize("version", [1, 2])
def test_the_pinned_company_rubrics_check_p6_against_the_core_kpi_inputs(version: int) -> None:
    rubric = REGISTRY.get("rc-company", version).rubric
    declared = frozenset(p.id for p in rubric.prerequisites)
    core = judge_prerequisites(rubric, declared, {i.id: D(0) for i in rubric.kpi_inputs})
    assert core.unmet == ()
    found = judge_prerequisites(rubric, declared, {})
    assert found.unmet == found.contradicted == ("P6",)
    assert len(found.missing_inputs) > 0


@pytest.mark.parametrize("rubric_id", ["rc-park"])
@pytest.mark.parametrize("version", [1, 2])
def test_the_park_rubrics_have_no_kpi_data_prerequisite(rubric_id: str, version: int) -> None:
    rubric = REGISTRY.get(rubric_id, version).rubric
    declared = frozenset(p.id for p in rubric.prerequisites)
    assert judge_prerequisites(rubric, declared, {}).unmet == ()


def test_a_contradicted_yes_means_not_rated_and_the_gate_counts_the_missing_inputs() -> None:
    card = score(
        CHECKED, split_answers("S"), prerequisites_met=frozenset({"P1", "P2"}), kpi_inputs={}
    )
    assert not card.rating.rated
    assert card.rating.stars == 0
    gate = next(g for g in card.rating.bands[0].gates if g.kind is GateKind.PREREQUISITES_MET)
    assert not gate.passed
    assert gate.parts == (GatePart("P2", PartState.NO_VALUE),)
    assert gate.actual == 2
    assert "P2 (declared met, but 2 core KPI inputs missing)" in gate.reason


def test_a_prerequisite_declared_not_met_has_a_not_met_part_and_no_count() -> None:
    card = score(CHECKED, split_answers("S"), prerequisites_met=frozenset({"P2"}), kpi_inputs=ALL)
    gate = next(g for g in card.rating.bands[0].gates if g.kind is GateKind.PREREQUISITES_MET)
    assert gate.parts == (GatePart("P1", PartState.NOT_MET),)
    assert gate.actual is None


@pytest.mark.parametrize(("reported", "stars"), [(ALL, 1), ({"a": D(1), "c": D(3)}, 0)])
def test_the_cycle_rating_judges_prerequisites_as_the_engine(
    reported: Mapping[str, Decimal], stars: int
) -> None:
    declared = frozenset({"P1", "P2"})
    card = score(CHECKED, split_answers("S"), prerequisites_met=declared, kpi_inputs=reported)
    plan = plan_for(CHECKED)
    # S.a weighted 80 at level 4, S.b weighted 20 at level 0: 80 x (unit 4 / scale 4) x 4.
    sums = {"S.E": ElementSums(numerator=80 * 4, na_weight=0, given=2)}
    facts = AssessmentFacts(
        year=2025, elements=sums, prerequisites_met=declared, kpi_inputs=reported
    )
    rating = rate(plan, facts, ScoringContext(assessment_date=ASSESSED))
    assert (rating.stars, rating.rated) == (card.rating.stars, card.rating.rated)
    assert (rating.stars, rating.rated) == (stars, stars == 1)
    assert rating.overall == card.overall == D(80)


# (case, answered, declared met, reported inputs, unanswered): "answered" sorts the unmet
# ones into not met and not answered yet; None (an answers file) says nothing of it.
UNANSWERED_CASES = [
    ("nothing answered", frozenset(), set(), ALL, ("P1", "P2")),
    ("one answered no", frozenset({"P1"}), set(), ALL, ("P2",)),
    ("both answered no", frozenset({"P1", "P2"}), set(), ALL, ()),
    ("a contradicted yes is answered", frozenset({"P2"}), {"P2"}, {}, ("P1",)),
    ("not known", None, set(), ALL, ()),
]


@pytest.mark.parametrize(
    ("answered", "declared", "reported", "unanswered"),
    [case[1:] for case in UNANSWERED_CASES],
    ids=[case[0] for case in UNANSWERED_CASES],
)
def test_judge_prerequisites_tells_unanswered_from_not_met(
    answered: frozenset[str] | None,
    declared: set[str],
    reported: Mapping[str, Decimal],
    unanswered: tuple[str, ...],
) -> None:
    found = judge_prerequisites(CHECKED, frozenset(declared), reported, answered)
    plain = judge_prerequisites(CHECKED, frozenset(declared), reported)
    assert found.unanswered == unanswered
    assert (found.unmet, found.contradicted) == (plain.unmet, plain.contradicted)


def test_an_unanswered_prerequisite_has_an_unanswered_part_and_still_means_not_rated() -> None:
    card = score(
        CHECKED,
        split_answers("S"),
        prerequisites_met=frozenset(),
        prerequisites_answered=frozenset({"P2"}),
        kpi_inputs=ALL,
    )
    assert not card.rating.rated
    gate = next(g for g in card.rating.bands[0].gates if g.kind is GateKind.PREREQUISITES_MET)
    assert gate.parts == (
        GatePart("P1", PartState.UNANSWERED),
        GatePart("P2", PartState.NOT_MET),
    )
