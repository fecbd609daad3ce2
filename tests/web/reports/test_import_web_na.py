"""A blank template's level for an item the web marks N/A: refused in the preview, at its
row and column, in words apart from the file's own "N/A 是 + level"; "否" in the file's
不适用 column answers it (the bench's import found it only on apply)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments import services
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.reports import documents, import_service
from rcapp.reports.cli import import_command
from tests.conftest import AuthActions
from tests.factories import make_user, make_world, start
from tests.web.reports.test_import_excel_habits import shown_marks

ITEM = "C6.E1.1"
REASON = "厂区内没有该设施 / no such plant"


def _saved(db_session: Session, assessment: Assessment, typed: ItemInput) -> None:
    colleague = make_user(assessment.organisation)
    rubric = rubric_of(assessment)
    assert services.save_section(assessment, rubric, "C6", {ITEM: typed}, colleague).ok
    db_session.commit()


def _world(db_session: Session, typed: ItemInput) -> Assessment:
    world = make_world()
    assessment = start(world)
    _saved(db_session, assessment, typed)
    return assessment


def _filled(blank: bytes, **cells: object) -> tuple[bytes, int]:
    """Fill the item's row of a blank template (column letter → value); return it and the row."""
    book = openpyxl.load_workbook(io.BytesIO(blank))
    sheet = next(s for s in book.worksheets if s.title.startswith("C6"))
    row = next(c.row for c in sheet["A"] if c.value == ITEM)
    for column, value in cells.items():
        sheet[f"{column}{row}"] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), row


def _upload(client: FlaskClient, assessment: Assessment, data: bytes) -> str:
    url = f"/reports/assessments/{assessment.id}/import"
    form = {"file": (io.BytesIO(data), "t.xlsx")}
    return client.post(url, data=form, content_type="multipart/form-data").get_data(as_text=True)


def _state(db_session: Session, assessment: Assessment) -> tuple[object, ...]:
    db_session.expire_all()
    answer = next(a for a in assessment.answers if a.item_id == ITEM)
    return answer.level, answer.is_na, answer.kept_na_reason


def test_the_preview_refuses_a_level_beside_the_webs_na_and_writes_nothing(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment = _world(db_session, ItemInput(is_na=True, na_reason=REASON))
    auth.login(make_user(assessment.organisation, OrgRole.ADMIN).email)
    blank = client.get(f"/reports/assessments/{assessment.id}/template.xlsx?blank=1").data
    data, row = _filled(blank, E=2, H="记录")
    page = _upload(client, assessment, data)
    assert (
        f"第 {row} 行，F 列（不适用）：评价项 {ITEM}：网页上此项标为“不适用”，文件却填了等级“2”。"
    ) in page
    assert "在文件的“不适用”列填“否”" in page
    assert "“不适用”为“是”，“等级 / 数值”列又填了" not in page  # not the file's own N/A
    assert "na_and_answer" not in page
    assert not re.search(r"/import/[0-9a-f]{32}", page)
    client.get("/lang/en")
    page = _upload(client, assessment, data)
    assert f"row {row}, column F" in page
    assert f"Item {ITEM}: the web page marks this item N/A, but the file gives the level “2”" in (
        page.replace("&#34;", '"')
    )
    assert "fill “No” in the file&#39;s “N/A” column" in page
    assert _state(db_session, assessment) == (None, True, REASON)


def test_no_in_the_na_column_answers_the_item_and_clears_the_webs_na(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment = _world(db_session, ItemInput(is_na=True, na_reason=REASON))
    auth.login(make_user(assessment.organisation, OrgRole.ADMIN).email)
    blank = client.get(f"/reports/assessments/{assessment.id}/template.xlsx?blank=1").data
    data, _row = _filled(blank, E=2, F="否", H="记录")
    page = _upload(client, assessment, data)
    token = re.search(r"/import/([0-9a-f]{32})", page)
    assert token is not None, page
    form = {"action": "apply", "shown_conflict": shown_marks(page)}
    done = client.post(
        f"/reports/assessments/{assessment.id}/import/{token.group(1)}",
        data=form,
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "已导入 1 行。" in done
    level, is_na, _reason = _state(db_session, assessment)
    assert (level, is_na) == (2, False)


def test_the_plan_checks_the_answer_it_writes(app: Flask, db_session: Session) -> None:
    """The merged ItemInput, not the file's row: the plan holds nothing apply would refuse."""
    assessment = _world(db_session, ItemInput(is_na=True, na_reason=REASON))
    blank = documents.template_workbook(assessment, "zh", prefill=False)
    plan = import_service.plan_upload(assessment, _filled(blank, E=2)[0])
    assert [(p.column, p.problem.code) for p in plan.problems] == [("F", "web_na_and_answer")]
    assert f"C6:{ITEM}" not in plan.answers
    plan = import_service.plan_upload(assessment, _filled(blank, E=2, F="否")[0])
    assert plan.ok, plan.problems
    written = plan.answers[f"C6:{ITEM}"][2]
    assert (written.level, written.is_na, written.na_reason) == ("2", False, "")


def test_na_in_the_file_beside_the_webs_level_is_named_too(app: Flask, db_session: Session) -> None:
    assessment = _world(db_session, ItemInput(level="3"))
    blank = documents.template_workbook(assessment, "zh", prefill=False)
    plan = import_service.plan_upload(assessment, _filled(blank, F="是", G=REASON)[0])
    assert [(p.column, p.problem.code) for p in plan.problems] == [("F", "web_answer_and_na")]
    assert plan.problems[0].problem.params == {"answer": "3"}


def test_the_import_command_names_the_row_before_writing(
    app: Flask, db_session: Session, tmp_path: Path
) -> None:
    assessment = _world(db_session, ItemInput(is_na=True, na_reason=REASON))
    blank = documents.template_workbook(assessment, "zh", prefill=False)
    data, row = _filled(blank, E=2)
    path = tmp_path / "t.xlsx"
    path.write_bytes(data)
    email = make_user(assessment.organisation).email
    runner = app.test_cli_runner()
    result = runner.invoke(import_command, [str(path), "--user", email])
    assert result.exit_code == 1, result.output
    assert f"第 {row} 行，F 列（不适用）：评价项 {ITEM}：网页上此项标为“不适用”" in result.output
    assert "nothing written" in result.output
    assert "nothing written:" not in result.output
    english = runner.invoke(import_command, [str(path), "--user", email, "--lang", "en"])
    assert (
        f"row {row}, column F (N/A): Item {ITEM}: the web page marks this item N/A"
    ) in english.output
    assert _state(db_session, assessment) == (None, True, REASON)
