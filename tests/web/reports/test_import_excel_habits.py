"""Templates filled the way people use Excel: typed past the drop-downs, dates as serial
numbers or text, formulas, pasted control characters, the same file twice, in zh and en."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments import services
from rcapp.assessments.models import Assessment, Event
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from tests.conftest import AuthActions
from tests.factories import make_user, make_world, start

Cells = dict[tuple[str, object, str], object]  # (sheet prefix, id or row, column) → value


def _admin_with_template(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str = "zh"
) -> tuple[Assessment, bytes]:
    world = make_world()
    assessment = start(world)
    admin = make_user(world.org_a, OrgRole.ADMIN)
    db_session.commit()
    auth.login(admin.email)
    if lang == "en":
        client.get("/lang/en")
    return assessment, client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data


def shown_marks(page: str) -> list[str]:
    """The conflict rows as the preview showed them, for the decision to post back."""
    return re.findall(r'name="shown_conflict" value="([^"]+)"', page)


def _fill(data: bytes, cells: Cells) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    for (prefix, where, column), value in cells.items():
        sheet = next(s for s in book.worksheets if s.title.startswith(prefix))
        row = (
            where if isinstance(where, int) else next(c.row for c in sheet["A"] if c.value == where)
        )
        sheet[f"{column}{row}"] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client: FlaskClient, assessment_id: int, data: bytes) -> tuple[int, str]:
    response = client.post(
        f"/reports/assessments/{assessment_id}/import",
        data={"file": (io.BytesIO(data), "filled.xlsx")},
        content_type="multipart/form-data",
    )
    return response.status_code, response.get_data(as_text=True)


def _apply(client: FlaskClient, assessment_id: int, page: str) -> None:
    token = re.search(r"/import/([0-9a-f]{32})", page)
    assert token is not None, page
    url = f"/reports/assessments/{assessment_id}/import/{token.group(1)}"
    assert client.post(url, data={"action": "apply"}).status_code == 302


def _answers(db_session: Session, assessment: Assessment) -> dict[str, object]:
    db_session.expire_all()
    return {a.item_id: a.level for a in assessment.answers}


def test_levels_and_yes_no_typed_instead_of_chosen(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    for typed, level in (("3级", 3), ("Level 2", 2), ("三级", 3), ("4.0", 4), ("１", 1)):
        status, page = _upload(
            client, assessment.id, _fill(template, {("MS", "MS.G1.1", "E"): typed})
        )
        assert status == 200, (typed, page)
        assert f"<strong>{level}</strong>" in page
    filled = _fill(template, {("MS", "MS.G1.2", "E"): "是", ("前置", "P1", "E"): "否"})
    status, page = _upload(client, assessment.id, filled)
    assert status == 200, page
    _apply(client, assessment.id, page)
    answers = _answers(db_session, assessment)
    assert (answers["MS.G1.2"], answers["P1"]) == (1, 0)


def test_na_ticked_with_a_check_mark(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth, "en")
    cells: Cells = {("C6", "C6.E1.1", "F"): "√", ("C6", "C6.E1.1", "G"): "no chemicals"}
    status, page = _upload(client, assessment.id, _fill(template, cells))
    assert status == 200, page
    _apply(client, assessment.id, page)
    db_session.expire_all()
    answer = next(a for a in assessment.answers if a.item_id == "C6.E1.1")
    assert (answer.is_na, answer.na_reason) == (True, "no chemicals")


def _event(date: object, grade: str = "一般", description: str = "储罐泄漏") -> Cells:
    return {
        ("事件", 4, "A"): "生产安全事故",
        ("事件", 4, "B"): grade,
        ("事件", 4, "C"): date,
        ("事件", 4, "G"): description,
        ("事件", 4, "H"): "否",
    }


def test_event_dates_as_excel_serials_or_text(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    for date in (45658, "2025/1/1", "2025年1月1日", "2025.1.1", "2025-1-1"):
        status, page = _upload(client, assessment.id, _fill(template, _event(date)))
        assert status == 200, (date, page)
        assert "<strong>2025-01-01</strong>" in page
    status, page = _upload(client, assessment.id, _fill(template, _event("1/2/2025")))
    assert status == 400  # day and month could be either way round
    assert "工作表“事件”，第 4 行，C 列" in page


def test_an_english_grade_is_read_on_a_chinese_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    # "Ordinary": the English word for 一般 before the pages took the rubric's "General"
    for grade in ("General", "Ordinary"):
        status, page = _upload(client, assessment.id, _fill(template, _event("2025-01-01", grade)))
        assert status == 200, page


def test_the_same_file_twice_registers_its_event_once(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    filled = _fill(template, _event("2025-01-01"))
    _apply(client, assessment.id, _upload(client, assessment.id, filled)[1])
    status, page = _upload(client, assessment.id, filled)
    assert status == 200
    assert "文件与系统中的内容一致" in page
    db_session.expire_all()
    events = db_session.query(Event).filter_by(organisation_id=assessment.organisation_id).all()
    assert len(events) == 1


def test_a_formula_is_read_as_its_result_or_refused_without_one(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    # openpyxl saves a formula without its result, as any script does
    status, page = _upload(client, assessment.id, _fill(template, {("KPI", "CA-01", "E"): "=E5*2"}))
    assert status == 400
    assert "工作表“KPI 数据”，第 6 行，E 列（数值）：单元格中是公式，文件里没有它的计算结果" in page
    # Excel saves the result beside the formula: that is what the user saw
    computed = _with_result(_fill(template, {("KPI", "CA-01", "E"): "=1+2"}), "1+2", "3")
    status, page = _upload(client, assessment.id, computed)
    assert status == 200, page
    assert "<strong>3</strong>" in page


def _with_result(data: bytes, formula: str, result: str) -> bytes:
    """Add the cached result Excel writes after `<f>formula</f>`."""
    return _rewrite(data, f"<f>{formula}</f><v></v>", f"<f>{formula}</f><v>{result}</v>")


def _rewrite(data: bytes, old: str, new: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.endswith(".xml"):
                content = content.replace(old.encode(), new.encode())
            target.writestr(info, content)
    return out.getvalue()


def test_pasted_control_characters_are_dropped(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    # Excel writes a bell or NUL pasted from another system as an _xHHHH_ escape
    filled = _rewrite(
        _fill(template, {("MS", "MS.G1.1", "I"): "泄漏QQ演练", ("MS", "MS.G1.1", "E"): 2}),
        "QQ",
        "_x0007__x0000_",
    )
    status, page = _upload(client, assessment.id, filled)
    assert status == 200, page
    _apply(client, assessment.id, page)
    db_session.expire_all()
    answer = next(a for a in assessment.answers if a.item_id == "MS.G1.1")
    assert answer.comment == "泄漏演练"


def test_a_row_changed_on_the_web_after_the_preview_is_shown_again_unwritten(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    filled = _fill(template, {("MS", "MS.G1.2", "E"): 1})
    status, page = _upload(client, assessment.id, filled)
    assert status == 200
    token = re.search(r"/import/([0-9a-f]{32})", page)
    assert token is not None
    # a colleague answers the same item on the web while the preview is open
    rubric = rubric_of(assessment)
    colleague = make_user(assessment.organisation)
    services.save_section(assessment, rubric, "MS", {"MS.G1.2": ItemInput(level="0")}, colleague)
    db_session.commit()
    url = f"/reports/assessments/{assessment.id}/import/{token.group(1)}"
    response = client.post(url, data={"action": "apply"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "预览之后，网页上又有内容被修改" in page
    assert 'name="shown_conflict" value="MS:MS.G1.2@' in page
    assert _answers(db_session, assessment)["MS.G1.2"] == 0
    # deciding for the file on the new preview writes it
    data = {"action": "apply", "shown_conflict": shown_marks(page), "take_file": "MS:MS.G1.2"}
    client.post(url, data=data)
    assert _answers(db_session, assessment)["MS.G1.2"] == 1


def test_a_formula_in_a_text_cell_is_saved_as_text_and_the_preview_says_so(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """QA65 #4: =HYPERLINK(…) in 证据说明 was stored as its source without a word."""
    assessment, template = _admin_with_template(client, db_session, auth)
    formula = '=HYPERLINK("http://evil.example/x","点我")'
    cells: Cells = {("MS", "MS.G1.1", "E"): 2, ("MS", "MS.G1.1", "H"): formula}
    row = next(c.row for c in _sheet_of(template, "MS")["A"] if c.value == "MS.G1.1")
    status, page = _upload(client, assessment.id, _fill(template, cells))
    assert status == 200, page
    said = f"第 {row} 行，H 列（证据说明）：以“=”开头的内容将按文字保存，公式不会计算"
    assert said in page.replace("&#34;", '"')
    _apply(client, assessment.id, page)
    db_session.expire_all()
    answer = next(a for a in assessment.answers if a.item_id == "MS.G1.1")
    assert answer.evidence_note == formula  # as typed: every export keeps it text
    auth.choose_language("en")
    page = _upload(client, assessment.id, _fill(template, {("MS", "MS.G1.2", "I"): "=A1&B1"}))[1]
    assert "Text starting with “=” is saved as text; the formula is not calculated" in page


def _sheet_of(data: bytes, prefix: str) -> openpyxl.worksheet.worksheet.Worksheet:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return next(s for s in book.worksheets if s.title.startswith(prefix))


def test_a_registered_events_counts_and_loss_are_number_cells_in_the_template(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """QA65 #4b: 死亡人数 and 重伤人数 were the text '0' ("以文本形式存储的数字"; SUM gave 0)."""
    assessment, template = _admin_with_template(client, db_session, auth)
    cells = {
        **_event("2025-01-01"),
        ("事件", 4, "D"): 0,
        ("事件", 4, "E"): 2,
        ("事件", 4, "F"): 3.5,
    }
    _apply(client, assessment.id, _upload(client, assessment.id, _fill(template, cells))[1])
    again = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    sheet = _sheet_of(again, "事件")
    counts = [(sheet[ref].value, sheet[ref].data_type) for ref in ("D4", "E4", "F4")]
    assert counts == [(0, "n"), (2, "n"), (3.5, "n")]
    status, page = _upload(client, assessment.id, again)  # the register's rows read back
    assert status == 200
    assert "文件与系统中的内容一致" in page
