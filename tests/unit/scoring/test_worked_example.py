"""domain.md 8.2's worked example under the 8.2 star scheme, built in code."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rcapp.rubrics.model import Rubric
from rcapp.scoring import Answer, GateKind, GroupStats, Scorecard, ScoringContext

from .builders import ASSESSED, band, build_rubric, score, split_answers, split_section, text

D = Decimal
CODES = {"C1": 82, "C2": 75, "C3": 70, "C4": 88, "C5": 80, "C6": 58}
SCHEME = [
    band(
        1,
        60,
        {"type": "prerequisites_met"},
        {"type": "all_sections_assessed"},
        {"type": "kpis_reported", "years": 1},
        min_section=40,
    ),
    band(2, 70, {"type": "kpis_reported", "years": 2}, min_section=50),
    band(
        3,
        80,
        {"type": "peer_reviewed", "min_reviewers": 2},
        {"type": "kpis_reported", "years": 3},
        min_section=60,
        min_element=25,
    ),
    band(
        4,
        85,
        {"type": "peer_reviewed", "min_reviewers": 2, "onsite": True},
        {"type": "kpi_vs_group_median", "kpis": ["K1", "K2"]},
        {"type": "no_element_at_zero"},
        min_section=70,
    ),
    band(
        5,
        90,
        {"type": "verified"},
        {"type": "kpis_top_quartile", "count": 3},
        {"type": "good_practice_case"},
        min_section=80,
    ),
]


def _kpi(number: int) -> dict[str, Any]:
    return {
        "id": f"K{number}",
        "name": text(f"K{number}"),
        "category": "safety",
        "formula": f"k{number}",
        "unit": text("u"),
        "better": "higher",
        "aggregation": "sum",
        "core": True,
    }


def worked_rubric() -> Rubric:
    sections = [split_section("MS", 78, kind="management")]
    sections += [split_section(code, value) for code, value in CODES.items()]
    components = [
        {
            "id": "ms",
            "label": text("MS"),
            "weight": "0.15",
            "source": "sections",
            "sections": ["MS"],
        },
        {
            "id": "codes",
            "label": text("codes"),
            "weight": "0.60",
            "source": "sections",
            "sections": list(CODES),
        },
        {"id": "kp", "label": text("KP"), "weight": "0.25", "source": "kpi_performance"},
    ]
    return build_rubric(
        sections,
        SCHEME,
        components,
        prerequisites=[{"id": "P1", "prompt": text("signed")}],
        kpi_inputs=[
            {"id": f"k{n}", "label": text(f"k{n}"), "unit": text("u")} for n in range(1, 6)
        ],
        kpis=[_kpi(n) for n in range(1, 6)],
    )


# Rungs 4, 3, 3, 2, 2: mean 2.8, KP = 70.
THIS_YEAR = {"k1": D(10), "k2": D(10), "k3": D(11), "k4": D(10), "k5": D(10)}
BEFORE = {f"k{n}": D(10) for n in range(1, 6)}
STATS = {"K1": GroupStats(D(5), D(3), D(8)), "K2": GroupStats(D(5), D(3), D(20))}


def worked_card(**context: Any) -> Scorecard:
    return score(
        worked_rubric(),
        split_answers("MS", *CODES),
        ScoringContext(assessment_date=ASSESSED, kpi_years_before=1, group_stats=STATS, **context),
        prerequisites_met=frozenset({"P1"}),
        kpi_inputs=THIS_YEAR,
        kpi_history={2023: BEFORE, 2024: BEFORE},
    )


def test_the_worked_example_scores_74_5_and_two_stars() -> None:
    card = worked_card()
    assert card.section("MS").score == D("78.0")
    assert [card.section(code).score for code in CODES] == [
        D(v).quantize(D("0.1")) for v in CODES.values()
    ]
    assert [r.level for r in card.kpi_performance.levels] == [4, 3, 3, 2, 2]
    assert card.kpi_performance.score == D("70.0")
    assert [c.score for c in card.components] == [D("78.0"), D("75.5"), D("70.0")]
    assert card.overall == D("74.5")
    assert card.rating.stars == 2
    assert card.rating.rated


def test_why_not_three_stars_names_every_binding_constraint() -> None:
    card = worked_card()
    assert card.rating.next_stars == 3
    assert [g.reason for g in card.rating.binding] == [
        "overall 74.5 < 80",
        "section C6 C6 58.0 < 60",
        "peer review by 0 reviewers (needs 2)",
        "core KPIs reported 2 consecutive years (needs 3)",
    ]


def test_lifting_c6_and_a_peer_review_alone_do_not_reach_three_stars() -> None:
    answers = split_answers("MS", *CODES)
    answers["C6.b"] = Answer(level=1)  # C6: 58 + 42/4 = 68.5
    card = score(
        worked_rubric(),
        answers,
        ScoringContext(
            assessment_date=ASSESSED, kpi_years_before=2, peer_reviewers=2, group_stats=STATS
        ),
        prerequisites_met=frozenset({"P1"}),
        kpi_inputs=THIS_YEAR,
        kpi_history={2023: BEFORE, 2024: BEFORE},
    )
    assert card.rating.stars == 2
    assert [g.kind for g in card.rating.binding] == [GateKind.OVERALL]


def test_the_path_to_three_stars_and_what_items_cannot_fix() -> None:
    path = worked_card().path
    assert path is not None
    assert path.reachable
    assert path.target_stars == 3
    steps = [(s.item_id, s.from_level, s.to_level, s.with_evidence) for s in path.steps]
    # C6.b to level 1 would lift the floor; reaching 80 overall then takes a second item.
    assert steps == [("MS.b", 0, 2, False), ("C6.b", 0, 4, False)]
    assert [g.kind for g in path.blockers] == [GateKind.PEER_REVIEWED, GateKind.KPIS_REPORTED]
