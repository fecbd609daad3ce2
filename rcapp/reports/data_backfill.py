"""The offline template's earlier years (往年数据（补录）): the rows the web page offers.

The same years, inputs and rules as the page (rcapp.assessments.kpi_backfill): only years the
organisation had no assessment in, only while this year's assessment may be edited. A row
entered with an earlier year's assessment is shown locked, as the page shows it.
"""

from __future__ import annotations

from flask_babel import gettext

from rcapp.assessments.kpi_backfill import is_own, open_backfill_years, year_backfills
from rcapp.assessments.kpi_backfill_rows import backfill_inputs
from rcapp.assessments.models import Assessment
from rcapp.reports.data_kpi_rows import kpi_row
from rcapp.reports.template_model import BackfillRow
from rcapp.rubrics.input_codes import input_codes
from rcapp.rubrics.model import Rubric


def backfill_rows_of(
    assessment: Assessment, rubric: Rubric, lang: str, prefill: bool
) -> tuple[BackfillRow, ...]:
    """Return the template's backfill rows, oldest year first, in the current locale."""
    codes = input_codes(rubric)
    rows = []
    for year in open_backfill_years(assessment):
        stored = year_backfills(assessment, year)
        for kpi_input in backfill_inputs(rubric):
            kept = stored.get(kpi_input.id)
            fixed = kept is not None and not is_own(assessment, kept)
            shown = kept if prefill or fixed else None
            rows.append(
                BackfillRow(
                    year,
                    kpi_row(kpi_input, shown, lang, codes[kpi_input.id]),
                    fixed_note=_fixed_note(kept.entered_year) if fixed and kept else "",
                )
            )
    return tuple(rows)


def _fixed_note(entered_year: int) -> str:
    # the page's own words (kpi_backfill.html)
    return str(
        gettext("随 %(year)s 年度自评补录，该年度结果按此计算，不能再修改。", year=entered_year)
    )
