"""The years page and its workbook say 未设 where the year's rubric had no such KPI (qa71).

RS-08 (energy per unit of product) is new in rc-company version 2: the 2024 (version 1)
rubric had no such KPI. The scorecard PDF and the results workbook said 未设 (qa55 #4); the
years page and its workbook said 不可比*, the words for a KPI defined otherwise (EN-01:
tonnes of SO2 in version 1, kg per tonne of product in version 2), which stays 不可比*.
"""

from __future__ import annotations

import html
import io
import re

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.test_rubric_changes_since_last_year import real_rubrics, second_year

__all__ = ["real_rubrics"]  # the fixture, used by name

UNDEFINED = {"zh_CN": "未设", "en": "n/a"}
NOT_COMPARABLE = {"zh_CN": "不可比", "en": "not comparable"}
NOTE = {
    "zh_CN": "“未设”：该年度的评价细则没有此指标（后来的版本新增），所以没有数值。",
    "en": "“n/a”: that year's rubric version had no such KPI",
}


def _cells(page: str, kpi_id: str) -> list[str]:
    start = page.index(f'<th scope="row">{kpi_id} ')
    row = page[start : page.index("</tr>", start)]
    cells = re.findall(r'<td class="num">(.*?)</td>', row)
    return [" ".join(re.sub(r"<[^>]*>", " ", c).split()) for c in cells]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_years_page_tells_a_kpi_not_yet_defined_from_one_defined_otherwise(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    user, _last, current = second_year(db_session)
    auth.login(user.email)
    client.get(f"/lang/{lang}?next=/")
    response = client.get(f"/benchmarks/organisations/{current.organisation_id}/years")
    page = html.unescape(response.get_data(as_text=True))
    new, changed = _cells(page, "RS-08"), _cells(page, "EN-01")
    assert new[0] == UNDEFINED[lang]  # 2024, as the scorecard says it
    assert NOT_COMPARABLE[lang] not in new[0].lower()
    assert changed[0].lower().startswith(NOT_COMPARABLE[lang])  # 不可比*: defined otherwise
    assert NOTE[lang] in page

    book = client.get(f"/reports/organisations/{current.organisation_id}/years.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(book.data)).worksheets[0]
    rows = {str(r[0].value).split()[0]: [c.value for c in r] for r in sheet.iter_rows()}
    assert rows["RS-08"][1] == UNDEFINED[lang]
    assert str(rows["EN-01"][1]).lower().startswith(NOT_COMPARABLE[lang])
    texts = " ".join(str(c.value) for r in sheet.iter_rows() for c in r if c.value)
    assert NOTE[lang] in texts
