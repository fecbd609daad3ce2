"""The demo's open year reports each same figure once (qa64 M1).

An item and the KPI input that report the same figure (`same_figure_as`) agree in every
assessment the demo fills for the open year, as the KPI data the demo types for it
(kpi_profiles.profiled) and the item values of its example file (shifted moves maturity
levels only). Closed years are left as they were published.
"""

from __future__ import annotations

from decimal import Decimal

from rcapp.demo import kpi_profiles, world
from rcapp.demo.answers import load_example
from rcapp.demo.build import EXAMPLES_DIR
from rcapp.scoring.same_figures import same_figure_pairs, same_figures
from tests.real_rubrics import REGISTRY


def test_the_open_year_agrees_in_every_same_figure() -> None:
    checked = 0
    for plan in world.PLANS:
        if plan.year != world.CURRENT_YEAR:
            continue
        for rubric_id, version in world.RUBRICS[plan.year]:
            rubric = REGISTRY.get(rubric_id, version).rubric
            if not rubric.id.startswith(plan.source.rsplit("/", 1)[-1][:7]):
                continue  # the plan's file is for the other kind of rubric
            answers = load_example(EXAMPLES_DIR / plan.source, rubric)
            values = {
                item_id: Decimal(typed.value)
                for typed_section in answers.sections.values()
                for item_id, typed in typed_section.items()
                if typed.value
            }
            kpis = kpi_profiles.profiled(plan.org, answers.kpi_inputs_of(plan.year))
            figures = {k: Decimal(e.value) for k, e in kpis.items() if e.value}
            assert [p for p in same_figures(rubric, values, figures) if p.differ] == [], plan
            checked += len(same_figure_pairs(rubric))
    assert checked, "no open-year assessment with a same figure was checked"
