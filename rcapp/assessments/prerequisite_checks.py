"""What rcapp's own check says of a prerequisite it checks against the data (QA36 S2).

A "yes" to P6 (the core KPI data are reported) counts only while every raw input of the
core KPIs is reported (scoring.prerequisites). The prerequisites page shows that verdict
beside the question, with the inputs missing, so an organisation that ticked 是 sees why
the result page counts it 未满足.
"""

from __future__ import annotations

from dataclasses import dataclass

from rcapp.assessments.computed_kpis import present_inputs
from rcapp.assessments.models import Assessment
from rcapp.rubrics.model import PrerequisiteCheck, Rubric
from rcapp.scoring.prerequisites import check_of, core_kpi_input_ids


@dataclass(frozen=True)
class CheckVerdict:
    """The check of one prerequisite: the core KPI inputs not reported (none: it passes)."""

    missing: tuple[str, ...]  # input ids, in rubric order

    @property
    def passed(self) -> bool:
        return not self.missing


def prerequisite_checks(assessment: Assessment, rubric: Rubric) -> dict[str, CheckVerdict]:
    """Return, per prerequisite rcapp checks itself, the check's verdict on the data now."""
    checked = [
        p.id
        for p in rubric.prerequisites
        if check_of(rubric, p) is PrerequisiteCheck.CORE_KPI_INPUTS
    ]
    if not checked:
        return {}
    reported = present_inputs(assessment, rubric)
    missing = tuple(i for i in core_kpi_input_ids(rubric) if i not in reported)
    return {prerequisite_id: CheckVerdict(missing) for prerequisite_id in checked}
