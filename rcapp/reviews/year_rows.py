"""An organisation's years as the viewer may see them: for the years page and its workbook."""

from __future__ import annotations

from collections.abc import Sequence

from flask_login import current_user

from rcapp.assessments.kpi_table import value_unit
from rcapp.assessments.queries import rubric_of
from rcapp.benchmarks import history
from rcapp.organisations.models import Organisation
from rcapp.permissions import Action, can
from rcapp.reviews import queries


def organisation_years(organisation: Organisation) -> list[history.YearRow]:
    """List the organisation's years with their final stars; the draft only if the viewer may."""
    finals = {r.assessment_id: r.final_stars for r in queries.final_reviews_of([organisation.id])}
    return history.years_of(
        organisation, finals, lambda draft: can(current_user, Action.RESULT_VIEW, draft)
    )


def kpi_units(rows: Sequence[history.YearRow], lang: str) -> dict[str, str]:
    """Each KPI's unit as every output labels its values (kpi_table.value_unit), by id.

    From the latest year's rubric, whose KPIs the rows are (QA14 S7: no row had a unit).
    """
    if not rows:
        return {}
    rubric = rubric_of(rows[-1].assessment)
    return {kpi.id: value_unit(rubric, kpi, lang) for kpi in rubric.kpis}
