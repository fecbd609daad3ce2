"""Stored KPI inputs that deserve a second look, for pages other than the KPI page.

The rules are the KPI page's own (validation.plausibility_doubts and zero_doubts): above
the input's usual maximum, ten times above or below last year's value (not against 0, nor
between small counts), or a core figure at 0 against last year or the output. A figure
saved with that warning still counts; the result page names it beside the KPIs computed
from it (QA9 S3), without the KPI page's "(saved)": nothing is saved there (qa14 S3).

A count of a lower-is-better safety or health KPI that fell to 0 (incidents 1 → 0) is
doubted while it can be corrected, as a check against an input left at 0. Once the
figures are `settled` (submitted: the reviewers check them with the full rules,
data_doubts), the result page no longer lists it under "outside the usual range": it is
an improvement, and a reviewed result flagging its best news as a data problem misled a
board (qa71 m7).

A stored figure against what rcapp knows itself (system_figures: a share over 100 % with
rcapp's count of three-star residents, a resident count below the residents registered)
is doubted too, with the figures: the KPI page shows these doubts as the result page does
(parkshare #2: the result page flagged PK-RC-02 at 200 %, the KPI page said nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rcapp.assessments import queries
from rcapp.assessments.messages import stored_problem_text
from rcapp.assessments.models import Assessment
from rcapp.assessments.system_figures import (
    NO_FIGURES,
    SystemFigures,
    below_register,
    share_params,
    shares_over_limit,
    system_figures,
    with_system,
)
from rcapp.assessments.validation import Problem, plausibility_doubts
from rcapp.assessments.zero_doubts import OUTPUT_BOUND_CATEGORIES, zero_doubts
from rcapp.object_cache import PerObject
from rcapp.rubrics.formula import parse_formula
from rcapp.rubrics.model import Direction, Rubric


@dataclass(frozen=True)
class KpiDoubts:
    texts: tuple[str, ...]  # worded as on the KPI page, in the page's language
    kpi_ids: frozenset[str]  # the KPIs computed from a doubted input


# Per rubric object, language and the stored figures they are read from (a few per
# organisation in use): the figures are read on every request, the words built once.
_doubts: PerObject[Rubric, KpiDoubts] = PerObject(size=1024)


def stored_kpi_doubts(
    assessment: Assessment,
    rubric: Rubric,
    lang: str,
    figures: queries.KpiInputsCompared | None = None,
    settled: bool = False,
) -> KpiDoubts:
    """Return the doubts about `assessment`'s stored KPI inputs (read unless `figures` given)."""
    if figures is None:
        figures = queries.kpi_inputs_compared(assessment)
    system = system_figures(assessment, rubric)
    return _doubts.get(
        rubric,
        (lang, figures, settled, system.key),
        lambda: kpi_doubts(rubric, lang, figures, settled, system),
    )


def kpi_doubts(
    rubric: Rubric,
    lang: str,
    figures: queries.KpiInputsCompared,
    settled: bool = False,
    system: SystemFigures = NO_FIGURES,
) -> KpiDoubts:
    values = dict(figures.this_year)
    against = _against_system(rubric, values, system)
    last_year = dict(figures.last_year)
    texts: list[str] = []
    doubted: set[str] = set()
    zeros: dict[str, list[Problem]] = {}
    # incident counts (safety, health): a plant's energy or water at 0 stays doubted
    improved = {
        kpi.id
        for kpi in rubric.kpis
        if kpi.better is Direction.LOWER and kpi.category not in OUTPUT_BOUND_CATEGORIES
    }
    for problem in zero_doubts(rubric, values, last_year):
        if settled and problem.code == "dropped_to_zero" and problem.params["kpi_id"] in improved:
            continue  # an improvement to 0, no longer to correct
        zeros.setdefault(problem.subject, []).append(problem)
    for kpi_input in rubric.kpi_inputs:
        value = values.get(kpi_input.id)
        if value is None:
            continue
        found = plausibility_doubts(kpi_input, value, last_year.get(kpi_input.id))
        found += zeros.get(kpi_input.id, []) + against.get(kpi_input.id, [])
        texts.extend(stored_problem_text(p, kpi_input.label.get(lang), value) for p in found)
        if found:
            doubted.add(kpi_input.id)
    kpi_ids = frozenset(kpi.id for kpi in rubric.kpis if parse_formula(kpi.formula).names & doubted)
    return KpiDoubts(tuple(texts), kpi_ids)


def _against_system(
    rubric: Rubric, values: dict[str, Decimal], system: SystemFigures
) -> dict[str, list[Problem]]:
    """Doubts on the typed inputs a stored share over 100 % or a resident count rests on."""
    found: dict[str, list[Problem]] = {}
    counted = with_system(values, system)
    for kpi, result in shares_over_limit(rubric, counted):
        params = share_params(kpi, result, "share")
        for input_id in sorted(parse_formula(kpi.formula).names - system.computed.keys()):
            if input_id in values:
                found.setdefault(input_id, []).append(
                    Problem(input_id, "value", "share_over_100", params)
                )
    for input_id in below_register(rubric, values, system):
        params = {"registered": system.registered}
        found.setdefault(input_id, []).append(
            Problem(input_id, "value", "residents_below_register", params)
        )
    return found
