"""The scorecard PDF and the results workbook mark earlier years as the KPI page does (qa42 D1).

Linhai typed its three-star count in 2024 (park rubric v1); in 2025 (v2) rcapp counts its
rated residents. The KPI page says 口径不同：2024 年为填报值，2025 年为入园企业汇总 for
PK-RC-02; the PDF showed 10.71 without a word and "—", the workbook an empty cell with 状态
已报送. Both now read the page's facts. PK-SR-04 is new in v2: the 2024 rubric had no such
KPI, which both say as the annual report does (未设, qa55 #4), not "defined otherwise".
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from flask import Flask
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment
from rcapp.reports import documents
from tests.factories import make_user
from tests.parks import closed_park_year as _closed_year
from tests.parks import park_assessment as _park_assessment
from tests.parks import real_rubrics  # noqa: F401 - the fixture

NOTE = {
    "zh": "口径不同：2024 年为填报值，2025 年为入园企业汇总",
    "en": "Not comparable: 2024 is the figure the park reported, 2025 a count of its residents",
}
SHEET = {"zh": "关键绩效指标", "en": "KPIs"}
NOT_COMPARABLE = {"zh": "不可比", "en": "Not comparable"}
UNDEFINED = {
    "zh": ("未设", "“未设”：该年度的评价细则没有此指标", "2024 年评价细则未设此指标"),
    "en": ("n/a", "“n/a”: that year's rubric version had no such KPI", "2024: not in that year's"),
}


def _linhai() -> Assessment:
    park, _earlier = _closed_year(make_user(None), 1, [2, 1])  # 2024: typed 9 of 84
    return _park_assessment(park, 2025, 2, companies_resident="86", fatalities_park="0")


def _row(html: str, name: str) -> str:
    start = html.index(name, html.index('id="kpis"'))
    return html[start : html.index("</tr>", start)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_scorecard_marks_the_typed_year_and_the_year_not_comparable(
    app: Flask,
    db_session: Session,
    real_rubrics: None,  # noqa: F811 - the fixture
    lang: str,
) -> None:
    own = _linhai()
    db_session.commit()
    with app.test_request_context():
        html = documents.scorecard_html(own, lang)
    share = _row(html, "三星及以上入园企业比例" if lang == "zh" else "three stars")
    assert "10.71<sup>†</sup>" in share
    assert NOTE[lang] in html[html.index('id="kpis"') :]
    new_kpi = _row(html, "死亡人数" if lang == "zh" else "Deaths in production")
    mark, note_words, _status = UNDEFINED[lang]
    assert f'<td class="num">{mark}</td>' in new_kpi  # not "不可比*" (qa55 #4)
    assert NOT_COMPARABLE[lang].lower() not in new_kpi.lower()
    note = html[html.index('id="kpi-undefined-note"') :]
    assert note_words in note[: note.index("</p>")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_results_workbook_says_so_in_the_status(
    app: Flask,
    db_session: Session,
    real_rubrics: None,  # noqa: F811 - the fixture
    lang: str,
) -> None:
    own = _linhai()
    db_session.commit()
    with app.test_request_context():
        book = openpyxl.load_workbook(io.BytesIO(documents.results_workbook(own, lang)))
    sheet = book.worksheets[[s.title for s in book.worksheets].index(SHEET[lang])]
    status = {row[0]: row[4] for row in sheet.iter_rows(values_only=True) if len(row) > 4}
    assert NOTE[lang] in status["PK-RC-02"]
    assert UNDEFINED[lang][2] in status["PK-SR-04"]
    assert NOT_COMPARABLE[lang].lower() not in status["PK-SR-04"].lower()
