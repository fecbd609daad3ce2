"""A park's typed figures that disagree with the same figure counted or typed elsewhere.

The "1+3" check of the board pack: an item and a KPI input reporting one figure that differ
(PK3.E1.1 against PK-SR-01, same_figure_words), a resident count typed below the residents
registered in rcapp (kpi_doubts' rule) and a typed partner count against the residents'
partner registers (partner_words). Each is worded as the result and KPI pages word it, so
the scorecard PDF and the results workbook say it the same way.
"""

from __future__ import annotations

from rcapp.assessments.computed_kpis import typed_inputs
from rcapp.assessments.messages import stored_problem_text
from rcapp.assessments.models import Assessment
from rcapp.assessments.same_figure_words import figure_notes
from rcapp.assessments.system_figures import below_register, system_figures
from rcapp.assessments.validation import Problem
from rcapp.assessments.views.partner_words import partner_texts
from rcapp.rubrics.model import Rubric


def park_mismatches(assessment: Assessment, rubric: Rubric, lang: str) -> tuple[str, ...]:
    """Say each of the assessment's stored figures that disagrees with its counterpart."""
    texts = [note.text for note in figure_notes(assessment, rubric) if note.differ]
    typed = typed_inputs(assessment)
    system = system_figures(assessment, rubric)
    labels = {i.id: i.label.get(lang) for i in rubric.kpi_inputs}
    for input_id, value in below_register(rubric, typed, system).items():
        problem = Problem(
            input_id, "value", "residents_below_register", {"registered": system.registered}
        )
        texts.append(stored_problem_text(problem, labels.get(input_id, input_id), value))
    texts.extend(partner_texts(assessment, rubric, lang, dict(typed)))
    return tuple(texts)
