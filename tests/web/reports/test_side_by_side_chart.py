"""The side-by-side workbook carries a native bar chart of the members' self scores.

A lead rebuilt the chart in Excel for the annual meeting's slide. The workbook now has it on
a sheet of its own, titled in the workbook's language, drawn from the table's own cells
(each member's 自评得分 and, marked in another colour, the group median under them).
"""

from __future__ import annotations

import io

from flask.testing import FlaskClient
from openpyxl import load_workbook
from openpyxl.chart import BarChart
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from rcapp.reports.excel_chart import MARKED_COLOUR
from tests.conftest import AuthActions
from tests.web.test_side_by_side_overall_quartiles import computed_world, spread_world


def _book(client: FlaskClient, group_id: int, **args: str) -> Workbook:
    url = f"/reports/working-groups/{group_id}/side-by-side.xlsx"
    response = client.get(url, query_string=args)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.data))


def _cells(table: Worksheet, ref: str) -> list[object]:
    """The values of the cells a chart reference names ('Sheet'!$B$4:$B$9)."""
    sheet, cells = ref.rsplit("!", 1)
    assert sheet.strip("'") == table.title
    found = table[cells.replace("$", "")]
    return [c.value for row in (found if isinstance(found, tuple) else ((found,),)) for c in row]


def _title(chart: BarChart) -> str:
    assert chart.title is not None
    assert chart.title.tx.rich is not None
    return "".join(run.t for p in chart.title.tx.rich.p for run in p.r or ())


def test_the_chart_draws_the_tables_own_scores_and_median(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = spread_world(db_session)
    auth.login(world.lead.email)
    book = _book(client, world.group.id, sort="overall", dir="desc")

    assert book.sheetnames[:2] == ["成员对比", "自评得分图"]  # then the section sheets
    table = book.worksheets[0]
    [chart] = book.chartsheets[0]._charts
    assert isinstance(chart, BarChart)
    assert (chart.type, chart.grouping) == ("bar", "clustered")
    assert _title(chart) == f"{world.group.name_zh} · 自评得分 · {world.cycle.year} 年度"
    [series] = chart.series
    rows = list(table.iter_rows(values_only=True))
    members = rows[3:-4]
    # the members in the table's order, then the median row right under them
    assert series.val.numRef.f == "'成员对比'!$B$4:$B$9"
    assert series.cat.strRef.f == "'成员对比'!$A$4:$A$9"
    assert series.tx.strRef.f == "'成员对比'!B3"
    assert _cells(table, series.val.numRef.f) == [r[1] for r in members] + [rows[-4][1]]
    assert _cells(table, series.cat.strRef.f) == [r[0] for r in members] + ["中位数"]
    scores = [r[1] for r in members]
    assert scores == sorted(scores, reverse=True)  # sorted as the page was
    assert [(p.idx, p.graphicalProperties.solidFill.srgbClr) for p in series.dPt] == [
        (5, MARKED_COLOUR)
    ]

    client.get("/lang/en")
    english = _book(client, world.group.id)
    assert english.sheetnames[:2] == ["Members side by side", "Self score chart"]
    [chart] = english.chartsheets[0]._charts
    assert _title(chart) == f"{world.group.name_en} · Self score · Year {world.cycle.year}"
    assert chart.series[0].val.numRef.f == "'Members side by side'!$B$4:$B$9"


def test_a_group_without_statistics_charts_its_members_only(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = computed_world(db_session, 4)
    auth.login(world.lead.email)
    book = _book(client, world.group.id)
    table = book.worksheets[0]
    [chart] = book.chartsheets[0]._charts
    [series] = chart.series
    names = _cells(table, series.cat.strRef.f)
    assert sorted(map(str, names)) == sorted(c.name_zh for c in world.companies)  # no median
    assert not series.dPt
