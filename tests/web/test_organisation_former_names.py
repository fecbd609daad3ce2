"""Former names (曾用名) on the pages: the edit choice, the detail page, searches, closed years."""

from __future__ import annotations

import datetime as dt
import html
import io

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from rcapp.cycles.models import CycleStatus, ReportingCycle
from rcapp.organisations.models import CommitmentStatus, FormerName, Organisation
from rcapp.reports.data_annual import build_annual_data
from tests.conftest import AuthActions
from tests.factories import (
    make_assessment,
    make_cycle,
    make_organisation,
    make_secretariat,
    make_user,
    make_working_group,
)
from tests.web.browser_form import submitted_values


def _secretariat(db_session: Session, auth: AuthActions) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")


def _edit(client: FlaskClient, organisation: Organisation, **changes: str) -> str:
    url = f"/organisations/{organisation.id}/edit"
    values = MultiDict(submitted_values(client.get(url).get_data(as_text=True)))
    for field, value in changes.items():
        values.setlist(field, [value])
    response = client.post(url, data=values, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_edit_page_offers_rename_or_typo_with_rename_ticked(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    organisation = make_organisation()
    _secretariat(db_session, auth)
    html = client.get(f"/organisations/{organisation.id}/edit").get_data(as_text=True)
    assert "更名（保留原名为曾用名）" in html
    assert "更正错字（不保留）" in html
    assert ("name_change", "rename") in submitted_values(html)


def test_a_rename_is_kept_said_and_shown_on_the_detail_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    organisation = make_organisation(name_zh="东海化工有限公司")
    _secretariat(db_session, auth)
    page = _edit(client, organisation, name_zh="东海新材料有限公司")
    assert "原名称“东海化工有限公司”已保留为曾用名。" in page
    assert "曾用名" in page
    assert "东海化工有限公司" in page.split("曾用名", 1)[1]
    db_session.expire_all()
    assert [f.name_zh for f in organisation.former_names] == ["东海化工有限公司"]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh_CN", "原名称“东海化工有限公司”、“Donghai Chemical”已保留为曾用名。"),
        (
            "en",
            "The previous names “东海化工有限公司”, “Donghai Chemical” are kept as former names.",
        ),
    ],
)
def test_both_names_renamed_are_quoted_each_on_its_own(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, said: str
) -> None:
    """qa69 #4: "原名称“海澄农化股份有限公司、Haicheng …”" read as one name."""
    organisation = make_organisation(name_zh="东海化工有限公司", name_en="Donghai Chemical")
    _secretariat(db_session, auth)
    client.get(f"/lang/{lang}")
    page = _edit(client, organisation, name_zh="东海新材料有限公司", name_en="Donghai Materials")
    assert said in html.unescape(page)


def test_a_typo_corrected_is_not_kept_and_the_page_says_so(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    organisation = make_organisation(name_zh="南通化公有限公司")
    _secretariat(db_session, auth)
    page = _edit(client, organisation, name_zh="南通化工有限公司", name_change="correct")
    assert "名称已更正，原名称“南通化公有限公司”未保留为曾用名。" in page
    db_session.expire_all()
    assert organisation.name_zh == "南通化工有限公司"
    assert organisation.former_names == []


@pytest.mark.parametrize(
    ("lang", "typed", "shown"),
    [
        ("zh_CN", "扬子石化", "扬子新材料有限公司</a>（曾用名：扬子石化有限公司）"),
        ("en", "petrochemical", "Yangzi Materials</a> (formerly Yangzi Petrochemical)"),
    ],
)
def test_the_registry_finds_an_organisation_by_its_former_name(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    typed: str,
    shown: str,
) -> None:
    organisation = make_organisation(name_zh="扬子新材料有限公司", name_en="Yangzi Materials")
    organisation.former_names.append(
        FormerName(name_zh="扬子石化有限公司", name_en="Yangzi Petrochemical")
    )
    make_organisation(name_zh="无关化工有限公司")
    _secretariat(db_session, auth)
    client.get(f"/lang/{lang}")
    page = client.get("/organisations/", query_string={"q": typed}).get_data(as_text=True)
    assert shown in page
    assert "无关化工有限公司" not in page
    # found by today's name: nothing added
    page = client.get("/organisations/", query_string={"q": "扬子新材料"}).get_data(as_text=True)
    assert "扬子石化" not in page


def test_the_audit_filter_finds_an_organisation_by_its_former_name(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    organisation = make_organisation(name_zh="丁化工有限公司")
    make_organisation(name_zh="丁化工二厂")
    _secretariat(db_session, auth)
    _edit(client, organisation, name_zh="丁新材料有限公司")
    page = client.get("/audit/", query_string={"organisation": "丁化工"}).get_data(as_text=True)
    assert "没有名称包含" not in page
    assert "“丁化工”匹配 2 个单位：" in page
    assert "丁新材料有限公司（曾用名：丁化工有限公司）" in page


def _closed_year_renamed(db_session: Session) -> tuple[int, Organisation]:
    closed_at = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    cycle = make_cycle(
        year=2024,
        status=CycleStatus.CLOSED,
        closed_at=closed_at,
        deadline=dt.date(2024, 12, 31),
    )
    organisation = make_organisation(
        name_zh="甲新材料有限公司",
        name_en="Jia Materials",
        commitment_status=CommitmentStatus.SIGNED,
        commitment_signed_on=dt.date(2020, 1, 1),
    )
    make_assessment(organisation, cycle)
    organisation.former_names.append(
        FormerName(
            name_zh="甲化工有限公司",
            name_en="Jia Chemicals",
            changed_at=closed_at + dt.timedelta(days=30),
        )
    )
    return cycle.id, organisation


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("zh_CN", "甲新材料有限公司（原名：甲化工有限公司）"),
        ("en", "Jia Materials (formerly Jia Chemicals)"),
    ],
)
def test_a_closed_years_list_and_workbook_say_the_name_at_its_close(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, shown: str
) -> None:
    cycle_id, _organisation = _closed_year_renamed(db_session)
    _secretariat(db_session, auth)
    client.get(f"/lang/{lang}")
    page = client.get(f"/cycles/{cycle_id}/organisations").get_data(as_text=True)
    assert shown in page
    response = client.get(f"/reports/cycles/{cycle_id}/organisations.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    names = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert shown in names


def test_an_open_year_names_the_renamed_by_todays_name_only(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle = make_cycle(year=2025)
    organisation = make_organisation(
        name_zh="乙新材料有限公司", commitment_status=CommitmentStatus.SIGNED
    )
    make_assessment(organisation, cycle)
    organisation.former_names.append(FormerName(name_zh="乙化工有限公司"))
    _secretariat(db_session, auth)
    page = client.get(f"/cycles/{cycle.id}/organisations").get_data(as_text=True)
    assert "乙新材料有限公司" in page
    assert "原名" not in page


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("zh", "甲新材料有限公司（原名：甲化工有限公司）"),
        ("en", "Jia Materials (formerly Jia Chemicals)"),
    ],
)
def test_a_closed_years_annual_data_say_the_name_at_its_close(
    db_session: Session, lang: str, shown: str
) -> None:
    cycle_id, _organisation = _closed_year_renamed(db_session)
    db_session.commit()
    cycle = db_session.get(ReportingCycle, cycle_id)
    assert cycle is not None
    data = build_annual_data(cycle, lang)
    assert shown in [result.name for result in data.organisations]


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("zh_CN", "甲新材料有限公司（原名：甲化工有限公司）"),
        ("en", "Jia Materials (formerly Jia Chemicals)"),
    ],
)
def test_a_closed_years_assessments_and_members_files_say_the_name_at_its_close(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, shown: str
) -> None:
    cycle_id, organisation = _closed_year_renamed(db_session)
    group = make_working_group()
    group.organisations.append(organisation)
    _secretariat(db_session, auth)
    client.get(f"/lang/{lang}")
    for url in (
        f"/reports/assessments.xlsx?cycle={cycle_id}",
        f"/reports/working-groups/{group.id}/members.xlsx?cycle={cycle_id}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
        names = [row[0] for row in sheet.iter_rows(values_only=True)]
        assert shown in names, url


def test_the_user_list_finds_users_by_their_organisations_former_name(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    organisation = make_organisation(name_zh="戊新材料有限公司")
    organisation.former_names.append(FormerName(name_zh="戊化工有限公司"))
    make_user(organisation, name="戊用户")
    make_user(make_organisation(name_zh="无关化工有限公司"), name="无关用户")
    _secretariat(db_session, auth)
    page = client.get("/admin/users", query_string={"q": "戊化工"}).get_data(as_text=True)
    assert "戊用户" in page
    assert "无关用户" not in page
    assert "戊新材料有限公司</a>（曾用名：戊化工有限公司）" in page
