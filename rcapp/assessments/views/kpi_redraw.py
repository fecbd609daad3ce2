"""The KPI page's figures: rendered with the page, and written again for what the user types.

The script (static/js/kpi-table.js) redraws the computed rates and the change column while
the user types. It asks here for their text, so that a rate reads as the result page writes
it (scoring.kpi_text: the KPI's decimals, its rounding) and the change as the page wrote it
(kpi_table.change_text): the script carries no rounding rule of its own (it wrote 10 where
the page wrote 10.00). Only reading: nothing is saved, so GET without a CSRF token.

The typed figures go through the save's own check (kpi_inputs.check_kpi_inputs), so the
rules only the server can apply (a park's resident count below the residents registered
in rcapp, which the page does not carry) refuse them here too, in the words saving uses;
the figures drawn are then those a save would leave: a refused input at its stored value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask import request

from rcapp.assessments import kpi_table, queries
from rcapp.assessments.computed_kpis import (
    counted_against_typed,
    earlier_with_computed,
    last_year_shown,
    with_computed,
)
from rcapp.assessments.kpi_inputs import check_kpi_inputs
from rcapp.assessments.kpi_years import earlier_marks
from rcapp.assessments.messages import live_problem_text, number_text
from rcapp.assessments.models import Assessment
from rcapp.assessments.system_figures import system_figures
from rcapp.assessments.validation import NUMBER_LIMIT, KpiEntry, Problem, parse_decimal
from rcapp.assessments.views.blueprint import bp, load
from rcapp.i18n import current_lang
from rcapp.permissions import Action
from rcapp.rubrics.model import Rubric
from rcapp.web import login_required


@dataclass(frozen=True)
class PageFigures:
    """What the KPI page's tables show of both years' figures."""

    last_year: Mapping[str, Decimal]  # last year's stored inputs
    computed: Mapping[str, Decimal]  # the inputs rcapp counts itself this year
    figures_last: Mapping[str, Decimal]  # last year's inputs as its result counted them
    last_shown: Mapping[str, Decimal]  # the 上年 column of each input
    counted: Mapping[str, bool]  # counted in one year, typed in the other
    groups: list[kpi_table.InputGroup]

    def input_change(self, input_id: str, now: Decimal | None) -> str:
        """Write the change column of an input as the page does (`now`: the figure counted)."""
        return kpi_table.change_text(now, self.last_shown.get(input_id))


def page_figures(
    assessment: Assessment, rubric: Rubric, this_year: Mapping[str, Decimal]
) -> PageFigures:
    """Work out the page's figures from this year's typed inputs (`this_year`)."""
    last_year = queries.last_year_kpi_inputs(assessment)
    # The computed indicators count rcapp's figures, not the typed ones (qa17 D2).
    year, organisation_id = assessment.cycle.year, assessment.organisation_id
    computed = with_computed(organisation_id, year, rubric, {})
    figures_last = earlier_with_computed(organisation_id, year - 1, rubric, last_year)
    counted = counted_against_typed(organisation_id, year, rubric, computed)
    groups = kpi_table.input_table(
        rubric,
        {**this_year, **computed},
        figures_last,
        current_lang(),
        earlier_marks(assessment, rubric).get(year - 1),
        counted,
    )
    shown = last_year_shown(last_year, figures_last, computed)
    return PageFigures(last_year, computed, figures_last, shown, counted, groups)


def _typed(rubric: Rubric, args: Mapping[str, str]) -> dict[str, Decimal]:
    """Read the figures the script sends (refused ones already back at their stored value)."""
    found = {}
    for kpi_input in rubric.kpi_inputs:
        try:
            value = parse_decimal(args.get(kpi_input.id))
        except ValueError:  # refused on saving too: no figure, as the script counts it
            continue
        if value is not None and abs(value) < NUMBER_LIMIT:
            found[kpi_input.id] = value
    return found


# The save's refusals the script cannot make itself: it has no register of residents.
SERVER_ONLY = frozenset({"residents_below_register"})


def _as_saved(
    assessment: Assessment, rubric: Rubric, typed: Mapping[str, Decimal]
) -> tuple[dict[str, Decimal], list[Problem]]:
    """Check `typed` as a save would: (the figures it would leave, the server-only refusals)."""
    existing = queries.kpi_values_by_input(assessment)
    entries = {
        kpi_input.id: KpiEntry(number_text(typed[kpi_input.id]) if kpi_input.id in typed else "")
        for kpi_input in rubric.kpi_inputs
    }
    system = system_figures(assessment, rubric)
    checked, problems, _doubts = check_kpi_inputs(rubric, existing, entries, {}, system)
    refused = [p for p in problems if p.code in SERVER_ONLY]
    left = {input_id: row.value for input_id, row in existing.items()}
    for input_id, values in checked.items():
        if "value" not in values:
            continue  # refused: the stored value stays
        if values["value"] is None:
            left.pop(input_id, None)
        else:
            left[input_id] = values["value"]
    return left, refused


@bp.get("/<int:assessment_id>/kpis/figures")
@login_required
def kpi_figures(assessment_id: int) -> dict[str, Any]:
    """Write the rates (text and change, in page order), each input's change, the refusals.

    `refused`: input id → the message saving would give, for the refusals of SERVER_ONLY.
    """
    assessment = load(assessment_id, Action.ASSESSMENT_EDIT)
    rubric = queries.rubric_of(assessment)
    typed, refused = _as_saved(assessment, rubric, _typed(rubric, request.args))
    figures = page_figures(assessment, rubric, typed)
    labels = {kpi_input.id: kpi_input.label.get(current_lang()) for kpi_input in rubric.kpi_inputs}
    counts = {**typed, **figures.computed}
    return {
        "rates": [
            {
                "kpi": rate.kpi_id,
                "text": rate.this_text,
                "uncomputable": rate.this_year is None and rate.this_uncomputable,
                "change": rate.change_text,
            }
            for group in figures.groups
            for rate in group.rates
        ],
        "changes": {
            kpi_input.id: figures.input_change(kpi_input.id, counts.get(kpi_input.id))
            for kpi_input in rubric.kpi_inputs
        },
        "refused": {p.subject: live_problem_text(p, labels[p.subject]) for p in refused},
    }
