"""The annual-workbook benchmark's baseline writes every kind of cell the report writes, formatted.

The report's cells grew types of their own (a score, a KPI figure, a rubric text); a baseline
that could not write them stopped `make bench` before its report benchmarks.
"""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl

from rcapp.reports.excel import Figure, RubricText, Score
from tests.bench.bench_reports import baseline


def test_baseline_writes_scores_figures_and_rubric_texts() -> None:
    rows: list[list[object]] = [
        ["企业", Score(Decimal("87.3")), Figure(Decimal("0.50"), 2), RubricText("SO2 排放量")],
        ["空白", Score(None), Figure(None, 1), None],
    ]
    book = openpyxl.load_workbook(io.BytesIO(baseline([("年度结果", rows)])))
    sheet = book["年度结果"]
    assert [cell.value for cell in sheet[1]] == ["企业", 87.3, 0.5, "SO2 排放量"]
    # The same formats as the report's own cells: the baseline writes the same workbook.
    assert [cell.number_format for cell in sheet[1]][1:3] == ["0.0", "#,##0.00"]
    assert [cell.value for cell in sheet[2]][:1] == ["空白"]
    assert all(cell.value is None for cell in sheet[2][1:])
