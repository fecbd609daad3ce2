"""An import doubts only the KPI figures it changes: a figure saved on the web with a "ten
times last year" warning, left as exported in the file, is not doubted again on every import."""

from __future__ import annotations

import io

import openpyxl
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments import services
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import KpiEntry
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_user, make_world, mark_reported, start
from tests.web.reports.test_import_excel_habits import _fill, _upload


def _drills_saved_tenfold(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str = "zh"
) -> tuple[Assessment, bytes, str]:
    """This year's drills (40) saved on the web, ten times last year's 3; the exported file."""
    world = make_world(year=2025)
    last = services.get_or_start_assessment(world.org_a, make_cycle(year=2024), world.user_a)
    rubric = rubric_of(last)
    services.save_kpi_inputs(last, rubric, {"drills": KpiEntry("3")}, world.user_a)
    mark_reported(last)  # last year counts only as a reported year
    assessment = start(world)
    services.save_kpi_inputs(assessment, rubric, {"drills": KpiEntry("40")}, world.user_a)
    admin = make_user(world.org_a, OrgRole.ADMIN)
    db_session.commit()
    auth.login(admin.email)
    if lang == "en":
        client.get("/lang/en")
    template = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    sheet = next(
        s for s in openpyxl.load_workbook(io.BytesIO(template)).worksheets if s.title[:3] == "KPI"
    )
    code = next(str(r[0].value) for r in sheet.iter_rows() if r[4].value == 40)
    return assessment, template, code


def test_a_kpi_row_left_as_exported_is_not_doubted(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template, code = _drills_saved_tenfold(client, db_session, auth)
    only_a_note = _fill(template, {("KPI", code, "F"): "按演练记录统计"})
    status, page = _upload(client, assessment.id, only_a_note)
    assert status == 200, page
    assert "按演练记录统计" in page  # the note is a change on the preview
    assert "相差十倍" not in page


def test_a_kpi_value_the_file_changes_is_doubted_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template, code = _drills_saved_tenfold(client, db_session, auth)
    status, page = _upload(client, assessment.id, _fill(template, {("KPI", code, "E"): 50}))
    assert status == 200, page
    assert "与去年的 3 相差十倍以上，请核对（确认导入后将保存）。" in page
    client.get("/lang/en")
    status, page = _upload(client, assessment.id, _fill(template, {("KPI", code, "E"): 50}))
    assert "相差十倍" not in page
    assert "tenfold" in page


def test_a_core_figure_the_file_drops_to_0_is_doubted_in_the_plan(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa49 M2: "RS-01 310000 → 0 写入" with no word; the drills are the mini rubric's core."""
    assessment, template, code = _drills_saved_tenfold(client, db_session, auth)
    status, page = _upload(client, assessment.id, _fill(template, {("KPI", code, "E"): 0}))
    assert status == 200, page
    assert "去年为 3，今年为 0，核心指标 CA-01" in page
    assert "请核对（确认导入后将保存）" in page
    client.get("/lang/en")
    status, page = _upload(client, assessment.id, _fill(template, {("KPI", code, "E"): 0}))
    assert "3 last year, 0 this year, which lowers the core KPI CA-01" in page
