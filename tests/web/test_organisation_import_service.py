"""Organisation import, the service: check every row as the register form does, all or nothing."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.organisations.import_apply import AUDIT_ENTITY, apply_plan
from rcapp.organisations.import_check import plan_file
from rcapp.organisations.models import CommitmentStatus, Organisation, OrganisationKind
from tests.factories import credit_code, make_organisation, make_park, make_working_group
from tests.org_import_files import company, filled


@pytest.fixture(autouse=True)
def _chinese(db_session: Session) -> Iterator[None]:
    with force_locale("zh_CN"):  # as the CLI: messages in one language, no request
        yield


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Organisation)) or 0


def test_a_valid_file_creates_every_row(db_session: Session) -> None:
    park = make_park(name_zh="如东洋口化工园区")
    group = make_working_group(code="PSM", name_zh="工艺安全工作组", name_en="Process safety")
    other = make_working_group(code="PUB", name_zh="宣传工作组", name_en="Publicity")
    db_session.commit()
    new_park = credit_code()
    rows = [
        company(name_zh="甲化工有限公司", name_en="A Chemicals", credit_code=credit_code(),
                park="如东洋口化工园区", groups="工艺安全工作组；Publicity",
                commitment_status="已签署", commitment_signed_on="2024/6/12",
                commitment_signatory="王总"),
        {"kind": "化工园区", "name_zh": "新建化工园区", "credit_code": new_park.lower(),
         "province": "Jiangsu", "city": "盐城市"},
        company(name_zh="乙化工有限公司", credit_code=credit_code(), park=new_park),
    ]  # fmt: skip
    before = _count(db_session)
    plan = plan_file(filled(rows))
    assert plan.ok, [p.text() for p in plan.problems]
    assert len(plan.creates) == 3
    assert not plan.updates
    written = apply_plan(plan, None, "list.xlsx")
    db_session.commit()
    assert (written.created, written.updated) == (3, 0)
    assert _count(db_session) == before + 3
    first = db_session.scalars(
        select(Organisation).where(Organisation.name_zh == "甲化工有限公司")
    ).one()
    assert first.park_id == park.id
    assert {g.id for g in first.working_groups} == {group.id, other.id}
    assert first.commitment_status is CommitmentStatus.SIGNED
    assert first.commitment_signed_on == dt.date(2024, 6, 12)
    created_park = db_session.scalars(
        select(Organisation).where(Organisation.credit_code == new_park)
    ).one()
    assert created_park.kind is OrganisationKind.PARK
    assert created_park.province == "江苏省"
    second = db_session.scalars(
        select(Organisation).where(Organisation.name_zh == "乙化工有限公司")
    ).one()
    assert second.park_id == created_park.id
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.entity == AUDIT_ENTITY)).one()
    assert '"created": 3' in (entry.after or "")
    assert "list.xlsx" in (entry.after or "")


def test_each_problem_names_row_and_column_and_nothing_is_written(db_session: Session) -> None:
    taken = make_organisation(name_zh="已登记化工有限公司")
    db_session.commit()
    code = credit_code()
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    rows = [
        company(name_zh="丙化工有限公司", credit_code=credit_code()),  # row 2: fine
        company(name_zh="丙化工有限公司", credit_code=credit_code()),  # row 3: same name
        company(name_zh="丁化工有限公司", credit_code=wrong),  # row 4: check character
        company(name_zh="戊化工有限公司", credit_code=credit_code(), province="山东"),  # row 5
        company(name_zh="", credit_code=credit_code()),  # row 6: required name empty
        company(name_zh="已登记化工有限公司", credit_code=credit_code()),  # row 7: in register
        company(name_zh="己化工有限公司", credit_code=credit_code(), park="无此园区"),  # row 8
        company(name_zh="庚化工有限公司", credit_code=credit_code(), groups="无此工作组"),  # row 9
        {"kind": "化工园区", "name_zh": "某园区", "credit_code": credit_code(),
         "province": "江苏省", "city": "南京市", "park": taken.credit_code},  # row 10: park in park
    ]  # fmt: skip
    before = _count(db_session)
    plan = plan_file(filled(rows))
    texts = [p.text() for p in plan.problems]
    assert not plan.ok
    assert any(t.startswith("第 3 行“中文名称”：与第 2 行重复") for t in texts), texts
    assert any(
        t.startswith("第 4 行“统一社会信用代码”：统一社会信用代码校验码错误") for t in texts
    ), texts
    assert "第 5 行“省份”：不是可选的选项，请从列表中选择。" in texts, texts
    assert "第 6 行“中文名称”：请填写中文名称。" in texts, texts
    assert any(t.startswith("第 7 行“中文名称”：已有单位使用这个名称") for t in texts), texts
    assert any(t.startswith("第 8 行“所在化工园区”：找不到") for t in texts), texts
    assert any(t.startswith("第 9 行“工作组”：没有名为“无此工作组”的工作组") for t in texts), texts
    assert any(
        t.startswith("第 10 行“所在化工园区”：化工园区不能位于另一个化工园区内") for t in texts
    )
    assert all(not t.startswith("第 2 行") for t in texts)
    assert _count(db_session) == before


def test_a_registered_credit_code_is_an_update_shown_old_to_new(db_session: Session) -> None:
    existing = make_organisation(name_zh="旧名化工有限公司", city="南京市", province="江苏省")
    group = make_working_group(code="PSM2", name_zh="工艺安全工作组二")
    db_session.commit()
    rows = [
        company(name_zh="旧名化工有限公司", credit_code=existing.credit_code, city="苏州市",
                groups="工艺安全工作组二", name_en=existing.name_en or "",
                sector=existing.sector or ""),
    ]  # fmt: skip
    plan = plan_file(filled(rows))
    assert plan.ok, [p.text() for p in plan.problems]
    assert not plan.creates
    assert len(plan.updates) == 1
    changes = {key: (old, new) for key, old, new in plan.updates[0].changes}
    assert changes["city"] == ("南京市", "苏州市")
    assert changes["groups"] == ("", "工艺安全工作组二")
    written = apply_plan(plan, None)
    db_session.commit()
    assert written.updated == 1
    db_session.refresh(existing)
    assert existing.city == "苏州市"
    assert [g.id for g in existing.working_groups] == [group.id]
    again = plan_file(filled(rows))  # the same file once more: nothing left to do
    assert again.ok
    assert not again.has_work
    assert again.unchanged == 1


def test_a_thousand_rows_in_reasonable_time(db_session: Session) -> None:
    rows = [company(name_zh=f"批量化工有限公司{n}", credit_code=credit_code()) for n in range(1000)]
    data = filled(rows)
    started = time.monotonic()
    plan = plan_file(data)
    assert plan.ok, [p.text() for p in plan.problems][:5]
    apply_plan(plan, None)
    db_session.commit()
    assert time.monotonic() - started < 60
    assert len(plan.creates) == 1000


def test_not_an_xlsx_and_a_wrong_header_are_one_message(db_session: Session) -> None:
    texts = [p.text() for p in plan_file(b"%PDF-1.7 not a list").problems]
    assert texts == ["这不是 Excel（.xlsx）文件。请下载模板，填写后另存为 .xlsx 再上传。"]


@pytest.mark.parametrize(
    ("data", "lang", "said"),
    [
        (b"", "zh_CN", "文件是空的（0 字节），没有任何内容"),
        (b"", "en", "The file is empty (0 bytes)"),
        ("名称,代码\n甲,1\n".encode("gb18030"), "zh_CN", "这是 CSV 文件，不是 Excel 工作簿"),
        (b"name;code\r\nA;1\r\n", "en", "This is a CSV file, not an Excel workbook"),
    ],
)
def test_an_empty_file_and_a_csv_are_each_told_what_they_are(
    db_session: Session, data: bytes, lang: str, said: str
) -> None:
    """As the assessment import says them (xlsx_upload.unreadable_code serves both)."""
    with force_locale(lang):
        texts = [p.text() for p in plan_file(data).problems]
    assert len(texts) == 1
    assert said in texts[0]


def test_a_company_in_a_park_the_file_updates_points_at_the_registered_park(
    db_session: Session,
) -> None:
    park = make_park(name_zh="更新园区", province="江苏省", city="南京市")
    db_session.commit()
    rows = [
        {"kind": "化工园区", "name_zh": "更新园区", "name_en": park.name_en or "",
         "credit_code": park.credit_code, "province": "江苏省", "city": "镇江市",
         "sector": park.sector or ""},
        company(name_zh="园区内化工有限公司", credit_code=credit_code(), park=park.credit_code),
    ]  # fmt: skip
    plan = plan_file(filled(rows))
    assert plan.ok, [p.text() for p in plan.problems]
    assert len(plan.updates) == 1
    assert len(plan.creates) == 1
    apply_plan(plan, None)
    db_session.commit()
    created = db_session.scalars(
        select(Organisation).where(Organisation.name_zh == "园区内化工有限公司")
    ).one()
    assert created.park_id == park.id


def test_empty_cells_of_an_update_keep_what_is_registered(db_session: Session) -> None:
    park = make_park()
    group = make_working_group(code="KEEP", name_zh="保留工作组")
    existing = make_organisation(
        name_zh="保留化工有限公司",
        province="山东省",
        city="潍坊市",
        park_id=park.id,
        commitment_status=CommitmentStatus.SIGNED,
        commitment_signed_on=dt.date(2023, 5, 6),
    )
    existing.working_groups = [group]
    db_session.commit()
    rows = [{"credit_code": existing.credit_code, "city": "青岛市"}]  # only what changes
    plan = plan_file(filled(rows))
    assert plan.ok, [p.text() for p in plan.problems]
    assert [key for key, _old, _new in plan.updates[0].changes] == ["city"]
    apply_plan(plan, None)
    db_session.commit()
    db_session.refresh(existing)
    assert (existing.city, existing.province, existing.park_id) == ("青岛市", "山东省", park.id)
    assert existing.commitment_status is CommitmentStatus.SIGNED
    assert [g.code for g in existing.working_groups] == ["KEEP"]


def test_size_and_row_limits(db_session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    big = b"PK\x03\x04" + b"0" * (5 * 1024 * 1024)
    assert [p.text() for p in plan_file(big).problems] == ["文件超过 5 MB，不像是单位名单。"]
    monkeypatch.setattr("rcapp.organisations.import_read.MAX_ROWS", 2)
    rows = [company(name_zh=f"限行化工{n}", credit_code=credit_code()) for n in range(3)]
    texts = [p.text() for p in plan_file(filled(rows)).problems]
    assert texts == ["第 4 行：文件超过 3000 行，请分成几个文件导入。"]
