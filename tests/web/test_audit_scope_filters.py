"""The audit page's Organisation and Year filters, and a record number without its type.

An auditor names an organisation and sees everything about its rating: the organisation
itself, its users, its self-assessments and their peer reviews (QA47 D2); a year keeps the
year's cycle, self-assessments and reviews. A number alone matched records of every type
that share it (QA47 S12): it is refused now, with a message naming the field.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.audit.services import record
from tests.audit_export import export_audit
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_user, make_world, submitted_assessment
from tests.factories_reviews import assign_all, make_review_world


def _rows(client: FlaskClient, query: str) -> str:
    response = client.get(f"/audit/?{query}")
    assert response.status_code == 200
    body = response.get_data(as_text=True).split("<tbody>", 1)[-1].split("</tbody>", 1)[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _text(client: FlaskClient, query: str) -> str:
    page = client.get(f"/audit/?{query}").get_data(as_text=True)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_an_organisation_brings_its_users_assessments_and_reviews(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    company = world.companies[0]
    company.name_zh = "江北新材料有限公司"
    company.name_en = "Jiangbei New Materials Co., Ltd."
    other = world.companies[1]
    record(world.secretariat, "organisation", company.id, "update", field="city", after="甲城")
    record(world.secretariat, "user", world.members[0].id, "deactivate", reason="离职甲")
    record(world.secretariat, "organisation", other.id, "update", field="city", after="乙城")
    record(world.secretariat, "user", world.members[1].id, "deactivate", reason="离职乙")
    record(world.secretariat, "assessment", world.assessments[1].id, "return", reason="退回乙")
    db_session.commit()
    auth.login(world.secretariat.email)
    for typed in ("江北新材料", "jiangbei new"):
        rows = _rows(client, f"organisation={typed}")
        assert "甲城" in rows
        assert "离职甲" in rows
        assert "提交" in rows  # its self-assessment's submission
        assert "指派评审员" in rows  # its review (the assessment of company 0)
        assert "乙城" not in rows
        assert "离职乙" not in rows
        assert "退回乙" not in rows
    # the other companies' reviews stay out
    assert f"{other.name_zh} 2025 年度同行评审" not in _rows(client, "organisation=江北新材料")
    assert review.id


def test_an_unknown_organisation_is_named_and_a_wildcard_is_plain_text(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    record(world.secretariat, "organisation", world.org_a.id, "update", field="city", after="甲城")
    db_session.commit()
    auth.login(world.secretariat.email)
    page = _text(client, "organisation=%25")
    assert "单位：没有名称包含“%”的单位。" in page
    assert "甲城" in _rows(client, "organisation=%25")  # the filter is dropped, not the log
    auth.choose_language("en")
    assert "Organisation: no organisation's name contains “无此单位”." in _text(
        client, "organisation=无此单位"
    )


def test_several_organisations_matched_are_named(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    first = make_organisation(name_zh="临海氯碱化工有限公司")
    second = make_organisation(name_zh="临海化工园区")
    secretariat = make_user(is_secretariat=True)
    record(secretariat, "organisation", first.id, "update", field="city", after="甲城")
    record(secretariat, "organisation", second.id, "update", field="city", after="乙城")
    db_session.commit()
    auth.login(secretariat.email)
    page = _text(client, "organisation=临海")
    assert "“临海”匹配 2 个单位：临海氯碱化工有限公司、临海化工园区" in page
    rows = _rows(client, "organisation=临海")
    assert "甲城" in rows
    assert "乙城" in rows


def test_a_year_keeps_its_cycle_assessments_and_reviews(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)  # 2024 (closed) and 2025
    assign_all(world)
    record(world.secretariat, "organisation", world.companies[0].id, "update", after="无年度")
    db_session.commit()
    auth.login(world.secretariat.email)
    rows_2025 = _rows(client, "year=2025")
    assert "2025 年度自评" in rows_2025
    assert "指派评审员" in rows_2025
    assert "2024 年度自评" not in rows_2025
    assert "无年度" not in rows_2025
    assert "2024 年度自评" in _rows(client, "year=2024")
    assert "年度须在 2000 到 2100 之间。" in _text(client, "year=20255")


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("zh", "对象编号：请同时选择对象类型，或改用“单位”和“年度”筛选。"),
        ("en", "Record ID: choose a record type as well, or filter by Organisation and Year"),
    ],
)
def test_a_record_number_without_its_type_is_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, message: str
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    record(world.secretariat, "user", assessment.id, "deactivate", reason="同号用户")
    db_session.commit()
    auth.login(world.secretariat.email)
    auth.choose_language(lang)
    assert message in _text(client, f"entity_id={assessment.id}")
    both = _rows(client, f"entity=assessment&entity_id={assessment.id}")
    assert "同号用户" not in both
    assert world.org_a.display_name("en" if lang == "en" else "zh") in both


def test_the_export_keeps_the_organisation_filter(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    world.org_a.name_zh = "甲单位"
    record(world.secretariat, "organisation", world.org_a.id, "update", field="city", after="甲城")
    record(world.secretariat, "organisation", world.org_b.id, "update", field="city", after="乙城")
    db_session.commit()
    auth.login(world.secretariat.email)
    sheet = export_audit(client, {"organisation": "甲单位"}).active
    assert sheet is not None
    cells = {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value}
    assert "甲城" in cells
    assert "乙城" not in cells
    assert any("甲单位" in c for c in cells)  # named among the filters above the header
