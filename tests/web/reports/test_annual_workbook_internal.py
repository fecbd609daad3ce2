"""QA46 D4: the annual workbook is the secretariat's internal working file, and says so.

It lists each named organisation's scores and raw KPIs, which the report and the workbook's
own pooled sheet hide "so as not to disclose a single organisation's data". Every sheet that
names organisations now opens with 内部资料，不公开 / Internal: not for publication, and the
year page's download form says it beside the workbook's option.
"""

from __future__ import annotations

import io

import openpyxl
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import make_world, submitted_assessment

NAMING = {
    "zh": ("组织得分", "星级条件", "关键绩效指标", "KPI 原始数据"),
    "en": ("Organisation scores", "Star rating conditions", "KPIs", "KPI raw data"),
}
MARK = {"zh": "内部资料，不公开", "en": "Internal: not for publication"}


def test_every_sheet_naming_organisations_is_marked_internal(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    submitted_assessment(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    for lang in ("zh", "en"):
        response = client.get(f"/reports/cycles/{world.cycle.id}/annual.xlsx?lang={lang}")
        assert response.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(response.data))
        names = str(world.org_a.name_zh if lang == "zh" else world.org_a.name_en)
        for sheet in book.worksheets:
            values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
            if any(names in v for v in values):
                assert sheet.title in NAMING[lang], sheet.title
                assert str(sheet["A1"].value).startswith(MARK[lang]), sheet.title
        for title in NAMING[lang]:
            assert str(book[title]["A1"].value).startswith(MARK[lang]), title


def test_the_download_form_says_the_workbook_is_internal(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    db_session.commit()
    auth.login(world.secretariat.email)
    page = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    option = '<option value="annual_workbook">年度数据工作簿（Excel）· 内部资料，不公开</option>'
    assert option in page
    assert 'id="workbook-internal"' in page
    assert "是秘书处的内部资料，不公开" in page
    client.get("/lang/en")
    english = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    assert "Annual data workbook (Excel) · internal: not for publication</option>" in english
    assert "the secretariat's internal file, not for publication" in english
