"""KPI inputs at 0 that deserve a second look: warnings, never refusals (a real 0 exists).

The ten-times rule (validation.implausible_jump) leaves 0 alone, so a core figure could be
typed down to 0 without a word and rank a company in the top quartile (qa49 M2, M9):

- dropped_to_zero: an input of a core KPI is 0 where last year's was not, and the KPI still
  has a figure (a 0 divisor is zero_denominator's case): Tier-1 PSE 3 → 0, LTI 2 → 0 with
  3.4 M hours worked.
- zero_with_output: a core resources or environment KPI (energy, water, emissions per
  tonne or per 10,000 CNY) is 0 although another of its inputs (production, output) is
  not: no plant makes 950,000 t with no energy.

Each names the first core KPI (in rubric order) the input feeds, by number and name.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rcapp.assessments.validation import Problem
from rcapp.rubrics.formula import Formula, parse_formula
from rcapp.rubrics.model import Kpi, Rubric

ZERO_CODES = frozenset({"dropped_to_zero", "zero_with_output"})

# Categories whose core KPIs measure what any producing site uses or emits.
OUTPUT_BOUND_CATEGORIES = frozenset({"resources", "environment"})

# How the other inputs are listed in zero_with_output's message, per language.
OTHERS_JOINER = {"zh": "、", "en": ", "}


def quoted(label: str) -> str:
    return f"“{label}”"


@dataclass(frozen=True)
class ZeroRule:
    """One way a 0 in `subject` is doubted: through the core KPI `kpi`, by `code`.

    dropped_to_zero applies once the KPI has a figure; zero_with_output once the KPI's figure
    is 0 and another of its inputs is not. The KPI page's script compares the same (kpi_live).
    """

    subject: str
    code: str
    kpi: Kpi
    formula: Formula
    last: Decimal | None


def zero_rules(rubric: Rubric, last_year: Mapping[str, Decimal]) -> Iterator[ZeroRule]:
    """Yield the rules a 0 could trip, in core-KPI rubric order (per input, the first wins)."""
    for kpi in (kpi for kpi in rubric.kpis if kpi.core):
        formula = parse_formula(kpi.formula)
        for name in sorted(formula.names):
            last = last_year.get(name)
            if last is not None and last > 0:
                yield ZeroRule(name, "dropped_to_zero", kpi, formula, last)
            elif kpi.category in OUTPUT_BOUND_CATEGORIES:
                yield ZeroRule(name, "zero_with_output", kpi, formula, None)


def zero_rule_params(rule: ZeroRule, others: Sequence[Mapping[str, str]]) -> dict[str, Any]:
    """Return the message's parameters; `others` are the non-zero inputs' labels ({zh, en})."""
    params: dict[str, Any] = {
        "kpi_id": rule.kpi.id,
        "kpi_zh": rule.kpi.name.zh,
        "kpi_en": rule.kpi.name.en,
    }
    if rule.code == "dropped_to_zero":
        return {**params, "last": rule.last}
    for lang, joiner in OTHERS_JOINER.items():
        params[f"others_{lang}"] = joiner.join(quoted(label[lang]) for label in others)
    return params


def zero_doubts(
    rubric: Rubric,
    values: Mapping[str, Decimal],
    last_year: Mapping[str, Decimal],
    subjects: Collection[str] | None = None,
) -> list[Problem]:
    """Return the warnings for the 0 inputs among `subjects` (all inputs if None).

    `values` are this year's inputs as they stand (or as a save would leave them).
    """
    labels = {i.id: {"zh": i.label.zh, "en": i.label.en} for i in rubric.kpi_inputs}
    found: dict[str, Problem] = {}
    results: dict[str, Decimal | None] = {}  # per KPI, worked out once
    for rule in zero_rules(rubric, last_year):
        name = rule.subject
        if name in found or (subjects is not None and name not in subjects):
            continue
        if rule.kpi.id not in results:
            results[rule.kpi.id] = rule.formula.evaluate(values)
        result = results[rule.kpi.id]
        if result is None or values[name] != 0:
            continue
        others = [labels[other] for other in sorted(rule.formula.names) if values[other] != 0]
        if rule.code == "dropped_to_zero" or (result == 0 and others):
            found[name] = Problem(name, "value", rule.code, zero_rule_params(rule, others))
    order = {kpi_input.id: index for index, kpi_input in enumerate(rubric.kpi_inputs)}
    return sorted(found.values(), key=lambda problem: order[problem.subject])
