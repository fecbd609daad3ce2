"""The organisation import's site address and contact columns (地址, HSE 联系人, 联系电话 ...).

Checked as the form checks them; a blank cell keeps what an organisation's admin entered
(before these columns, an import update would have cleared them); a template downloaded
before the columns existed is still read; the phone column is text (a landline keeps its 0).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from flask_babel import force_locale
from openpyxl import Workbook, load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.organisations.import_apply import apply_plan
from rcapp.organisations.import_check import plan_file
from rcapp.organisations.import_columns import KEYS, label, letter
from rcapp.organisations.import_template import template_workbook
from rcapp.organisations.models import Organisation
from tests.factories import credit_code, make_organisation
from tests.org_import_files import company, filled


@pytest.fixture(autouse=True)
def _chinese(db_session: Session) -> Iterator[None]:
    with force_locale("zh_CN"):
        yield


def _by_name(session: Session, name_zh: str) -> Organisation:
    return session.scalars(select(Organisation).where(Organisation.name_zh == name_zh)).one()


def test_a_new_company_gets_its_site_contact_with_the_phone_written_one_way(
    db_session: Session,
) -> None:
    row = company(
        name_zh="甲化工有限公司",
        credit_code=credit_code(),
        site_address="江苏省南京市江北新区化工大道 66 号",
        hse_contact="韩磊",
        contact_phone="0571 8888 1234",
        contact_email="hse@example.cn",
    )
    plan = plan_file(filled([row]))
    assert plan.ok, [p.text() for p in plan.problems]
    apply_plan(plan, None, "list.xlsx")
    db_session.commit()
    created = _by_name(db_session, "甲化工有限公司")
    assert created.site_address == "江苏省南京市江北新区化工大道 66 号"
    assert (created.hse_contact, created.contact_phone) == ("韩磊", "0571-88881234")
    assert created.contact_email == "hse@example.cn"


def test_a_wrong_phone_is_named_with_its_row_and_column(db_session: Session) -> None:
    row = company(name_zh="乙化工有限公司", credit_code=credit_code(), contact_phone="8888123")
    plan = plan_file(filled([row]))
    assert not plan.ok
    assert [p.text() for p in plan.problems] == [
        "第 2 行“联系电话”：联系电话格式不正确：请填写以 1 开头的 11 位手机号码，"
        "或带区号的固定电话（如 0571-88881234，分机号写在“转”之后）。"
    ]


def test_a_formula_in_the_phone_column_is_refused_not_run(db_session: Session) -> None:
    row = company(name_zh="丙化工有限公司", credit_code=credit_code(), contact_phone="=1+1")
    plan = plan_file(filled([row]))
    assert not plan.ok
    assert any(p.key == "contact_phone" for p in plan.problems)


def test_blank_contact_cells_keep_what_the_organisation_entered(db_session: Session) -> None:
    existing = make_organisation(
        name_zh="丁化工有限公司",
        site_address="南京市化工大道 1 号",
        hse_contact="周敏",
        contact_phone="138-0000-0101",
    )
    db_session.commit()
    row = company(name_zh="丁化工有限公司", credit_code=existing.credit_code, sector="涂料")
    plan = plan_file(filled([row]))
    assert plan.ok, [p.text() for p in plan.problems]
    assert [key for key, _old, _new in plan.updates[0].changes] == ["sector"]
    apply_plan(plan, None, "list.xlsx")
    db_session.commit()
    db_session.expire_all()
    assert existing.contact_phone == "138-0000-0101"
    assert existing.site_address == "南京市化工大道 1 号"


def test_a_template_from_before_the_contact_columns_is_still_read(db_session: Session) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    old_keys = KEYS[: KEYS.index("site_address")]
    sheet.append([label(key) for key in old_keys])
    row = company(name_zh="戊化工有限公司", credit_code=credit_code())
    sheet.append([row.get(key) for key in old_keys])
    buffer = io.BytesIO()
    book.save(buffer)
    plan = plan_file(buffer.getvalue())
    assert plan.ok, [p.text() for p in plan.problems]
    assert len(plan.creates) == 1


def test_the_template_has_the_contact_columns_as_text() -> None:
    sheet = load_workbook(io.BytesIO(template_workbook("en", []))).worksheets[0]
    for key, header in (("site_address", "Site address"), ("contact_phone", "Contact phone")):
        assert sheet[f"{letter(key)}1"].value == header
        assert sheet.column_dimensions[letter(key)].number_format == "@"
