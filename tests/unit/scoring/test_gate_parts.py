"""A star condition with several parts says which part fails (on-site review, each KPI)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

from rcapp.rubrics.registry import RubricRegistry
from rcapp.scorecards.answers import read_answers
from rcapp.scorecards.source import read_source
from rcapp.scoring import (
    ON_SITE,
    PEER_REVIEWERS,
    Gate,
    GateKind,
    GatePart,
    GroupStats,
    PartState,
    Scorecard,
    ScoringContext,
    score_assessment,
)

ROOT = Path(__file__).resolve().parents[3]
RUBRIC = RubricRegistry(ROOT / "rubrics").get("rc-company", 2).rubric
FIVE_STAR = read_answers(read_source(ROOT / "examples" / "rc-company-five-star.yaml"), RUBRIC)


def _card(**context: object) -> Scorecard:
    changed: ScoringContext = dataclasses.replace(FIVE_STAR.context, **context)  # type: ignore[arg-type]
    return score_assessment(RUBRIC, FIVE_STAR.inputs, changed)


def _gate(card: Scorecard, stars: int, kind: GateKind) -> Gate:
    band = next(b for b in card.rating.bands if b.stars == stars)
    return next(g for g in band.gates if g.kind is kind)


def test_a_desk_review_fails_the_four_star_peer_gate_on_its_on_site_part_only() -> None:
    card = _card(peer_reviewers=2, onsite_review=False)
    gate = _gate(card, 4, GateKind.PEER_REVIEWED)

    assert not gate.passed
    assert gate.parts == (
        GatePart(PEER_REVIEWERS, PartState.MET),
        GatePart(ON_SITE, PartState.NOT_MET),
    )
    # The three-star gate asks for no on-site review: one part, met.
    three = _gate(card, 3, GateKind.PEER_REVIEWED)
    assert three.passed
    assert three.parts == (GatePart(PEER_REVIEWERS, PartState.MET),)


def test_the_median_gate_names_each_kpi_met_worse_or_without_statistics() -> None:
    stats = dict(FIVE_STAR.context.group_stats)
    stats["OHS-04"] = GroupStats(Decimal("0.01"), Decimal("0.005"), Decimal("0.02"))
    del stats["PS-02"]
    card = _card(group_stats=stats)
    gate = _gate(card, 4, GateKind.KPI_VS_GROUP_MEDIAN)

    assert not gate.passed
    assert gate.parts == (
        GatePart("OHS-03", PartState.MET),
        GatePart("OHS-04", PartState.NOT_MET),
        GatePart("PS-02", PartState.NO_STATISTICS),
    )


def test_parts_never_change_whether_the_gate_passes() -> None:
    card = _card()
    for band in card.rating.bands:
        for gate in band.gates:
            if gate.parts and gate.kind is GateKind.KPIS_TOP_QUARTILE:
                # a count: `required` of its parts (its KPIs) in the top quartile (qa40 S2)
                met = sum(1 for part in gate.parts if part.passed)
                assert gate.passed == (met >= (gate.required or 0))
            elif gate.parts:
                assert gate.passed == all(part.passed for part in gate.parts)
