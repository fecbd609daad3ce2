"""Scoring: pure functions from answers, KPI data and events to a scorecard with stars.

No Flask, no database, no I/O (an import-linter contract keeps it so). The entry point is
`score_assessment(rubric, inputs, context)`; docs/scoring.md states every rule.
"""

from __future__ import annotations

from rcapp.scoring.checks import InputProblem, InvalidInputs, input_problems
from rcapp.scoring.engine import item_scores, score_assessment
from rcapp.scoring.groups import (
    GroupKpi,
    InputTotals,
    group_kpi,
    group_stats,
    median,
    percentile,
    quartiles,
)
from rcapp.scoring.model import (
    Answer,
    AssessmentInputs,
    Event,
    GroupStats,
    ScoringContext,
    Target,
)
from rcapp.scoring.scorecard import (
    BandResult,
    BasisValue,
    ComponentScore,
    DataProblem,
    DataProblemKind,
    ElementScore,
    FlagKind,
    Gate,
    GateKind,
    ImprovementPath,
    ItemFlag,
    ItemScore,
    KpiLevel,
    KpiPerformanceScore,
    KpiStatus,
    KpiValue,
    PathStep,
    Scorecard,
    SectionScore,
    StarRating,
    TargetProgress,
    VetoHit,
)

__all__ = [
    "Answer",
    "AssessmentInputs",
    "BandResult",
    "BasisValue",
    "ComponentScore",
    "DataProblem",
    "DataProblemKind",
    "ElementScore",
    "Event",
    "FlagKind",
    "Gate",
    "GateKind",
    "GroupKpi",
    "GroupStats",
    "ImprovementPath",
    "InputProblem",
    "InputTotals",
    "InvalidInputs",
    "ItemFlag",
    "ItemScore",
    "KpiLevel",
    "KpiPerformanceScore",
    "KpiStatus",
    "KpiValue",
    "PathStep",
    "ScoringContext",
    "Scorecard",
    "SectionScore",
    "StarRating",
    "Target",
    "TargetProgress",
    "VetoHit",
    "group_kpi",
    "group_stats",
    "input_problems",
    "item_scores",
    "median",
    "percentile",
    "quartiles",
    "score_assessment",
]
