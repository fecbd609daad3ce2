"""A native Excel bar chart on a sheet of its own, drawn from a table sheet's own cells.

The chart reads the cells (not a copy of the figures), so it shows what the table shows and
follows any correction the reader types into the table; Excel draws it in the reader's
fonts, ready for a slide (a lead rebuilt it by hand for the annual meeting).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.marker import DataPoint

BAR_COLOUR = "0B5E4A"  # the workbook's header green
MARKED_COLOUR = "E0A526"  # a bar that is not a member's (the group median)


@dataclass(frozen=True)
class BarChartSheet:
    """A clustered bar chart of one column of the table sheet it follows.

    Columns are 1-based; `rows` counts the table's rows drawn, from the first under the
    header; `marked` are 0-based indexes among them drawn in another colour.
    """

    title: str  # the chart sheet's name
    heading: str  # the chart's own title
    axis_title: str
    label_column: int
    value_column: int
    rows: int
    marked: tuple[int, ...] = ()
    value_max: float | None = None  # scores: 100, so two charts compare by eye


def add_bar_chart(book: Workbook, table: Any, header_row: int, spec: BarChartSheet) -> None:
    """Add `spec` as a chart sheet after `table`, whose header is on `header_row`."""
    chart = BarChart()
    chart.type = "bar"  # horizontal: long member names stay readable
    chart.grouping = "clustered"
    chart.title = spec.heading
    chart.legend = None  # one series, named by the title and the axis
    last = header_row + spec.rows
    values = Reference(table, min_col=spec.value_column, min_row=header_row, max_row=last)
    chart.add_data(values, titles_from_data=True)
    labels = Reference(table, min_col=spec.label_column, min_row=header_row + 1, max_row=last)
    series = chart.series[0]
    # Text labels (the members' names): set_categories would call them numbers.
    series.cat = AxDataSource(strRef=StrRef(f=str(labels)))
    series.graphicalProperties.solidFill = BAR_COLOUR
    for index in spec.marked:
        point = DataPoint(idx=index)
        point.graphicalProperties.solidFill = MARKED_COLOUR
        series.dPt.append(point)
    chart.dataLabels = DataLabelList(showVal=True)
    chart.x_axis.scaling.orientation = "maxMin"  # the table's first row at the top
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.crosses = "max"  # the value axis under the bars, not above them
    chart.y_axis.title = spec.axis_title
    chart.y_axis.scaling.min = 0
    if spec.value_max is not None:
        chart.y_axis.scaling.max = spec.value_max
    book.create_chartsheet(spec.title).add_chart(chart)
