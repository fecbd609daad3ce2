"""QA21 D3, S13: an import refused on apply is refused at the check, and never ends in a 500.

A KPI share over 100 % (OHS-07: 130 compliant of 120 monitored points) passed the check and
preview, then "确认导入" raised ValueError in import_apply (a 500; the checked file lost). The
check now runs the KPI page's own rules over the rows it would write; should apply refuse
anyway, the page says where and why, keeps the preview and writes nothing.
"""

from __future__ import annotations

import hashlib
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments.models import Assessment
from rcapp.reports import importer
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_organisation, make_user
from tests.real_rubrics import RUBRICS
from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture
from tests.web.reports.test_import_excel_habits import (
    Cells,
    _admin_with_template,
    _fill,
    _upload,
)

MONITORED, COMPLIANT = "OHS-07-2", "OHS-07-1"  # 检测点数, 检测合格点数 (template codes)


def _company_template(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> tuple[Assessment, bytes]:
    """An rc-company@2 draft, its admin logged in, and its template."""
    sha = hashlib.sha256((RUBRICS / "rc-company" / "v2.yaml").read_bytes()).hexdigest()
    cycle = make_cycle(company_rubric_id="rc-company", company_rubric_version=2)
    organisation = make_organisation()
    user = make_user(organisation, OrgRole.ADMIN)
    assessment = make_assessment(
        organisation, cycle, rubric_id="rc-company", rubric_version=2, rubric_sha256=sha
    )
    db_session.commit()
    auth.login(user.email)
    return assessment, client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data


def _share_over_100(template: bytes) -> bytes:
    return _fill(template, {("KPI", MONITORED, "E"): 120, ("KPI", COMPLIANT, "E"): 130})


def _row_of(page: str) -> int:
    found = re.search(r"工作表“KPI 数据”，第 (\d+) 行，E 列", page)
    assert found is not None, page
    return int(found.group(1))


def test_a_share_over_100_is_refused_at_the_check_naming_row_and_cell(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment, template = _company_template(client, db_session, auth)
    status, page = _upload(client, assessment.id, _share_over_100(template))
    assert status == 400, page
    assert "没有写入任何内容" in page
    assert "超过 100%" in page
    assert "108.33%" in page
    _row_of(page)
    assert "确认导入" not in page  # nothing is offered for confirmation
    # the web KPI page's rule: fixed to 120 of 120 it passes
    fixed = _fill(template, {("KPI", MONITORED, "E"): 120, ("KPI", COMPLIANT, "E"): 120})
    status, page = _upload(client, assessment.id, fixed)
    assert status == 200, page
    assert "确认导入" in page


def test_a_refusal_on_apply_says_where_and_keeps_the_preview(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # as if the check missed the rule: the apply's services refuse what the preview offered
    monkeypatch.setattr(importer, "kpi_problems_across_rows", lambda *_args: ([], []))
    assessment, template = _company_template(client, db_session, auth)
    status, page = _upload(client, assessment.id, _share_over_100(template))
    assert status == 200, page
    token = re.search(r"/import/([0-9a-f]{32})", page)
    assert token is not None
    url = f"/reports/assessments/{assessment.id}/import/{token.group(1)}"
    response = client.post(url, data={"action": "apply"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409, page
    assert "没有写入任何内容：工作表“KPI 数据”，第" in page
    assert re.search(r"没有写入任何内容：工作表“KPI 数据”，第 \d+ 行，E 列", page)
    assert "超过 100%" in page
    assert "确认导入" in page  # the preview is kept, the file still held
    assert url in page
    db_session.expire_all()
    assert assessment.kpi_values == []


def test_a_wrong_yes_no_value_says_1_or_0_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    status, page = _upload(client, assessment.id, _fill(template, {("MS", "MS.G1.2", "E"): 2}))
    assert status == 400, page
    assert "评价项 MS.G1.2：请填写 1（是）或 0（否）。" in page
    client.get("/lang/en")
    status, page = _upload(client, assessment.id, _fill(template, {("MS", "MS.G1.2", "E"): 2}))
    assert "Item MS.G1.2: enter 1 (yes) or 0 (no)." in page
    assert "choose “Yes” or “No”" not in page


def test_many_notes_are_one_line_with_the_list_folded(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    # qa21 S6: 190 evidence notes stood between the heading and the changes
    assessment, template = _company_template(client, db_session, auth)
    items = ("MS.G1.1", "MS.G1.2", "MS.G1.3", "MS.G2.1", "MS.G2.2")
    cells: Cells = {("MS", item, c): value for item in items for c, value in LEVEL_3_NOTE}
    status, page = _upload(client, assessment.id, _fill(template, cells))
    assert status == 200, page
    folded = re.search(r"<details class=\"import-warnings help\">\s*<summary>(.*?)</summary>", page)
    assert folded is not None, page  # not open: the list is long
    assert folded.group(1) == "5 条提示（不影响导入）"
    assert page.index("import-warnings") < page.index("确认导入")
    assert page.count("只有证据说明、没有上传证据文件") == 5  # inside the folded list
    one = _fill(template, {("MS", "MS.G1.1", c): v for c, v in LEVEL_3_NOTE})
    status, page = _upload(client, assessment.id, one)
    assert '<details class="import-warnings help" open>' in page  # a short list stays open


LEVEL_3_NOTE = (("E", 3), ("H", "会议纪要"))
