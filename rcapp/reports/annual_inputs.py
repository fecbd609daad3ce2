"""The annual workbook's raw KPI inputs: what each organisation reported, input by input.

The KPI sheet holds the computed indicators; a rate in doubt is checked against the hours
worked, output value or cases behind it. The inputs are the ones the year's figures are
computed from: each result's stored inputs (data_annual reads them with the year's
assessments, one query), with rcapp's own count over a typed one
(computed_kpis.with_computed), as the KPI sheet, the pooled sheet and the report count them.
Plain data in and out: data_annual passes the stored values and notes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from decimal import Decimal

from rcapp.assessments.kpi_table import input_unit
from rcapp.reports.annual_model import InputColumn, OrgResult
from rcapp.rubrics.input_codes import input_codes
from rcapp.rubrics.model import Rubric


def input_columns(rubrics: Iterable[Rubric], lang: str) -> list[InputColumn]:
    """Return one column per rubric and input, in the rubrics' order (the year's first).

    A company's and a park's inputs of one id are two columns: 员工工时 is not 入园企业员工
    工时合计. Another version of a rubric (a result pinned to it) adds only inputs the
    year's version lacks; an input of both is one column, named as the year's version names it.
    """
    seen: dict[tuple[str, str], InputColumn] = {}
    for rubric in rubrics:
        codes = input_codes(rubric)
        for kpi_input in rubric.kpi_inputs:
            seen.setdefault(
                (rubric.id, kpi_input.id),
                InputColumn(
                    rubric.id,
                    kpi_input.id,
                    codes[kpi_input.id],
                    kpi_input.label.get(lang),
                    input_unit(kpi_input, lang),
                    computed=kpi_input.computed is not None,
                ),
            )
    return list(seen.values())


class InputPlaces:
    """Where each rubric's inputs go among the columns (worked out once a rubric, not a row)."""

    def __init__(self, columns: Iterable[InputColumn]) -> None:
        self.columns = tuple(columns)
        self._at: dict[str, dict[str, int]] = {}
        for at, column in enumerate(self.columns):
            self._at.setdefault(column.rubric_id, {})[column.input_id] = at

    def with_inputs(
        self,
        result: OrgResult,
        rubric_id: str,
        values: Mapping[str, Decimal],
        notes: Mapping[str, str],
    ) -> OrgResult:
        """Return `result` with its inputs (`values`, as counted) and notes in their columns.

        `rubric_id` is the rubric the result answers: its inputs' columns are its own.
        """
        at = self._at.get(rubric_id, {})
        found: list[Decimal | None] = [None] * len(self.columns)
        noted: list[str | None] = [None] * len(self.columns)
        for input_id, value in values.items():
            if input_id in at:
                found[at[input_id]] = value
        for input_id, note in notes.items():
            if input_id in at:
                noted[at[input_id]] = note
        return replace(result, inputs=tuple(found), input_notes=tuple(noted))
