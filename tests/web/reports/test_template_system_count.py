"""The Excel template says of a park's three-star residents what the KPI page says.

PK-RC-02-1 (the park's residents with three stars or more) was an ordinary input in the
template, though rcapp counts it once residents are rated in rcapp and the KPI page says
"按本系统评价结果统计；填写的数值不计入". The template now shows rcapp's count in a locked cell
with the page's note; the import keeps the typed figure as the page keeps it (the note of
the row is imported) and says so when the file holds another figure.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from flask.testing import FlaskClient
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus, KpiValue
from rcapp.organisations.models import Organisation
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.web.test_park_three_star_share import _park_year, real_rubrics

__all__ = ["real_rubrics"]

NOTES = {
    "zh": "按本系统评价结果统计；填写的数值不计入。",
    "en": "Counted from the ratings in this system; a typed figure does not count.",
}


def _kpi_sheet(data: bytes) -> Worksheet:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return next(s for s in book.worksheets if s.title.startswith("KPI"))


def _row(sheet: Worksheet, code: str) -> int:
    return int(next(c.row for c in sheet["A"] if c.value == code))


def _draft(db_session: Session, auth: AuthActions) -> int:
    park, _cycle, own = _park_year()  # typed 6 of 10 residents; rcapp counts 1
    own.status = AssessmentStatus.DRAFT
    staff = make_user(park)
    db_session.commit()
    auth.login(staff.email)
    return own.id


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_template_shows_the_count_locked_with_the_pages_note(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    assessment_id = _draft(db_session, auth)
    if lang == "en":
        client.get("/lang/en")
    sheet = _kpi_sheet(client.get(f"/reports/assessments/{assessment_id}/template.xlsx").data)
    r = _row(sheet, "PK-RC-02-1")
    value = sheet[f"E{r}"]
    assert value.value == 1  # rcapp's count, as the KPI page shows it (not the typed 6)
    assert value.protection.locked
    assert value.number_format == "#,##0"
    assert value.comment is not None
    assert value.comment.text == NOTES[lang]
    assert str(sheet[f"D{r}"].value).endswith("\n" + NOTES[lang])
    assert not sheet[f"F{r}"].protection.locked  # its note is typed as any other
    # an ordinary whole-number input: unlocked, a number shown with separators
    residents = sheet[f"E{_row(sheet, 'PK-RC-01-2')}"]
    assert (residents.value, residents.number_format) == (10, "#,##0")
    assert not residents.protection.locked
    assert residents.comment is None


def test_without_rated_residents_the_count_is_typed_and_the_template_says_when_it_stops(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    park, _cycle, own = _park_year()
    # the one resident rated in rcapp moves out: rcapp counts nothing, the typed 6 stands
    for resident in db_session.scalars(select(Organisation).where(Organisation.park_id == park.id)):
        resident.park_id = None
    own.status = AssessmentStatus.DRAFT
    staff = make_user(park)
    db_session.commit()
    auth.login(staff.email)
    sheet = _kpi_sheet(client.get(f"/reports/assessments/{own.id}/template.xlsx").data)
    value = sheet[f"E{_row(sheet, 'PK-RC-02-1')}"]
    assert value.value == 6  # the typed figure stands, as on the KPI page
    assert not value.protection.locked
    assert value.comment is not None
    assert "入园企业在本系统中评价后，按本系统评价结果统计" in value.comment.text


def _typed(data: bytes, cells: dict[str, object]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = next(s for s in book.worksheets if s.title.startswith("KPI"))
    r = _row(sheet, "PK-RC-02-1")
    for column, value in cells.items():
        sheet[f"{column}{r}"] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client: FlaskClient, assessment_id: int, data: bytes) -> str:
    response = client.post(
        f"/reports/assessments/{assessment_id}/import",
        data={"file": (io.BytesIO(data), "filled.xlsx")},
        content_type="multipart/form-data",
    )
    if response.status_code == 302:  # checked as a job: its preview page
        response = client.get(response.headers["Location"] + "/import-preview")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _stored(db_session: Session, assessment_id: int) -> tuple[Decimal, str | None]:
    db_session.expire_all()
    row = db_session.scalars(
        select(KpiValue).where(
            KpiValue.assessment_id == assessment_id, KpiValue.input_id == "companies_3star"
        )
    ).one()
    return row.value, row.note


def test_the_import_keeps_the_typed_count_as_the_page_does_and_takes_the_note(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment_id = _draft(db_session, auth)
    template = client.get(f"/reports/assessments/{assessment_id}/template.xlsx").data
    page = _upload(client, assessment_id, _typed(template, {"E": 7, "F": "园区名册"}))
    assert "这一项按本系统评价结果统计，填写的数值不计入：文件中的数值不会导入" in page
    token = re.search(r"/import/([0-9a-f]{32})", page)
    assert token is not None
    response = client.post(
        f"/reports/assessments/{assessment_id}/import/{token.group(1)}", data={"action": "apply"}
    )
    assert response.status_code == 302
    assert _stored(db_session, assessment_id) == (Decimal(6), "园区名册")


def test_the_count_left_as_exported_is_no_change_and_no_warning(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment_id = _draft(db_session, auth)
    template = client.get(f"/reports/assessments/{assessment_id}/template.xlsx").data
    page = _upload(client, assessment_id, template)
    assert "文件中的数值不会导入" not in page
    assert "PK-RC-02-1" not in page
