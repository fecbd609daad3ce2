"""An import that clears a stored KPI value says so (selfleft b).

An empty cell where a value was stored empties it, as the KPI page does; it was applied
without a word. The result names each cleared value (row, input, old value) and, for a core
KPI's input, what it does to the star conditions; nothing else about the import changes.
"""

from __future__ import annotations

import html
import io
import re

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import kpi_values_by_input, rubric_of
from rcapp.assessments.validation import KpiEntry
from rcapp.rubrics.input_codes import input_codes
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture
from tests.web.helpers import page_text
from tests.web.reports.test_import_excel_habits import _fill, _upload
from tests.web.reports.test_import_kpi_doubts import _drills_saved_tenfold
from tests.web.reports.test_import_real_rubric import _draft


def _apply(client: FlaskClient, assessment_id: int, page: str) -> str:
    """Apply the previewed file; return the page the import leads to, flashes and all."""
    token = re.search(r"/import/([0-9a-f]{32})", page)
    assert token is not None, page
    url = f"/reports/assessments/{assessment_id}/import/{token.group(1)}"
    response = client.post(url, data={"action": "apply"})
    assert response.status_code == 302, response.status_code
    return page_text(client, response.headers["Location"])


def _kpi_row(template: bytes, code: str) -> int:
    sheet = next(
        s for s in openpyxl.load_workbook(io.BytesIO(template)).worksheets if s.title[:3] == "KPI"
    )
    return int(next(c.row for c in sheet["A"] if c.value == code))


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "zh",
            "第 {row} 行 应急演练次数（{code}）：原为 40，文件中为空，已清空。"
            "核心指标 CA-01“应急演练次数”因此无法计算，在关键绩效指标得分中按未报送计（0 级）。",
        ),
        (
            "en",
            "row {row}, Emergency drills ({code}): was 40; the cell in the file is empty, so "
            "the value was cleared. The core KPI CA-01 “Emergency drills” can no longer be "
            "computed and counts as not reported (rung 0) in the KPI performance score.",
        ),
    ],
)
def test_a_cleared_core_value_is_named_with_its_old_value_and_its_effect(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, said: str
) -> None:
    assessment, template, code = _drills_saved_tenfold(client, db_session, auth, lang)
    status, page = _upload(client, assessment.id, _fill(template, {("KPI", code, "E"): None}))
    assert status == 200, page
    result = _apply(client, assessment.id, page)
    assert said.format(row=_kpi_row(template, code), code=code) in result
    assert ("已导入 1 行。" if lang == "zh" else "Imported 1 rows.") in result
    db_session.expire_all()
    assert "drills" not in kpi_values_by_input(assessment)  # cleared as before


def test_a_changed_value_is_not_said_cleared(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template, code = _drills_saved_tenfold(client, db_session, auth)
    status, page = _upload(client, assessment.id, _fill(template, {("KPI", code, "E"): 41}))
    assert status == 200, page
    result = _apply(client, assessment.id, page)
    assert "已清空" not in result
    assert "已导入 1 行。" in result


def _real_draft_with(
    auth: AuthActions, db_session: Session, client: FlaskClient
) -> tuple[Assessment, bytes]:
    assessment = _draft(auth, db_session)
    rubric = rubric_of(assessment)
    actor = make_user(assessment.organisation)
    values = {"hours_employees": KpiEntry("1620000"), "headcount_employees": KpiEntry("812")}
    services.save_kpi_inputs(assessment, rubric, values, actor)
    db_session.commit()
    return assessment, client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data


def test_a_cleared_core_input_says_the_prerequisite_and_the_rating(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment, template = _real_draft_with(auth, db_session, client)
    blank: dict[tuple[str, object, str], object] = {
        ("KPI", "OHS-03-2", "E"): None,
        ("KPI", "MS-01-2", "E"): None,
    }
    status, page = _upload(client, assessment.id, _fill(template, blank))
    assert status == 200, page
    result = _apply(client, assessment.id, page)
    assert "员工工时（OHS-03-2）：原为 1,620,000，文件中为空，已清空。" in result
    assert "核心指标 OHS-03“员工损失工时伤害率”、OHS-05" in result
    assert "前置条件 P6（企业已按时报送本报告年度的核心KPI原始数据" in result
    assert "视为未满足，星级为“未评定”；补填该数值后恢复。" in result
    # an input no core KPI reads: named, with nothing about the stars
    said = "员工年平均人数（MS-01-2）：原为 812，文件中为空，已清空。"
    headcount = re.search(re.escape(said) + "([^。]*)", result)
    assert headcount is not None, result
    assert "核心指标" not in headcount.group(1)
    db_session.expire_all()
    assert kpi_values_by_input(assessment).keys().isdisjoint({"hours_employees"})


def _preview_words(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _action_of(page: str, code: str) -> str:
    """The preview's 处理 cell of the row of input `code`."""
    row = re.search(
        r"<tr>(?:(?!</tr>).)*?" + re.escape(code) + r"(?:(?!</tr>).)*</tr>", page, re.DOTALL
    )
    assert row is not None, code
    cells = re.findall(r'<td class="action long"[^>]*>(.*?)</td>', row.group(0), re.DOTALL)
    return _preview_words(cells[0])


def test_the_preview_says_clear_and_what_it_does_before_the_user_confirms(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    """qa62 2: the preview read 写入 for an emptied core input and warned of nothing; the
    consequence was said only after 确认导入. Now the row reads 清空 and the same words stand
    above the table (future tense), from the code that words the result."""
    assessment, template = _real_draft_with(auth, db_session, client)
    status, page = _upload(client, assessment.id, _fill(template, {("KPI", "OHS-03-2", "E"): None}))
    assert status == 200, page
    assert _action_of(page, "OHS-03-2") == "清空"
    words = _preview_words(page)
    assert "员工工时（OHS-03-2）：现为 1,620,000，文件中为空，确认导入后将清空。" in words
    assert "核心指标 OHS-03“员工损失工时伤害率”、OHS-05" in words
    assert "前置条件 P6（企业已按时报送本报告年度的核心KPI原始数据" in words
    assert kpi_values_by_input(assessment)["hours_employees"].value == 1620000  # nothing yet


def test_the_preview_in_english_says_clear(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment, template = _real_draft_with(auth, db_session, client)
    client.get("/lang/en")
    status, page = _upload(client, assessment.id, _fill(template, {("KPI", "OHS-03-2", "E"): None}))
    assert status == 200, page
    assert _action_of(page, "OHS-03-2") == "Clear"
    words = _preview_words(page)
    assert "(OHS-03-2): now 1,620,000; the cell in the file is empty, so importing clears" in words
    assert "can no longer be computed" in words
    assert "Prerequisite P6" in words


def test_a_core_kpi_cleared_twice_is_said_once(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    """qa62 2: two cleared inputs of one core KPI repeated its sentence and P6's word for word."""
    assessment, _template = _real_draft_with(auth, db_session, client)
    rubric = rubric_of(assessment)
    services.save_kpi_inputs(
        assessment, rubric, {"lti_employees": KpiEntry("2")}, make_user(assessment.organisation)
    )
    db_session.commit()
    template = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    lti = input_codes(rubric)["lti_employees"]
    blank: dict[tuple[str, object, str], object] = {
        ("KPI", "OHS-03-2", "E"): None,
        ("KPI", lti, "E"): None,
    }
    status, page = _upload(client, assessment.id, _fill(template, blank))
    assert status == 200, page
    assert _action_of(page, lti) == "清空"
    result = _apply(client, assessment.id, page)
    for said in (_preview_words(page), _preview_words(result)):
        assert said.count("OHS-03“员工损失工时伤害率”") == 1, said
        assert said.count("前置条件 P6（") == 1, said
        assert f"（{lti}）：" in said  # each value is still named
