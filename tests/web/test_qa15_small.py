"""qa15's smaller items: words and orders that disagreed between pages, workbooks and rules."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.assessments import services
from rcapp.audit.services import record
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.cycles.services import close_cycle
from rcapp.organisations.models import WorkingGroupKind
from rcapp.scoring.rounding import weight_text
from tests.audit_export import export_audit
from tests.conftest import AuthActions
from tests.factories import (
    fill_complete,
    make_group_role,
    make_organisation,
    make_park,
    make_secretariat,
    make_user,
    make_working_group,
    make_world,
    start,
)
from tests.factories_reviews import make_review_world, submitted
from tests.web.helpers import error_beside, result_page


def test_weight_text_keeps_two_decimals() -> None:
    assert weight_text(Decimal("0.6")) == "0.60"
    assert weight_text(Decimal("0.60")) == "0.60"
    assert weight_text(Decimal("0.15")) == "0.15"
    assert weight_text(Decimal("1")) == "1.00"
    assert weight_text(Decimal("0.125")) == "0.125"


def test_result_page_weights_read_as_the_rule(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """S14: 总分构成 shows 0.60 as the rule text does, not 0.6."""
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    card = services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    page = result_page(client, assessment.id)
    for component in card.components:
        assert f'<td class="num">{weight_text(component.weight)}</td>' in page
    assert '<td class="num">0.6</td>' not in page


def _audit_page(client: FlaskClient, query: str, lang: str = "zh_CN") -> str:
    client.get(f"/lang/{lang}")
    return client.get(f"/audit/?{query}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh_CN", "结束日期不能早于起始日期（2026-12-06）。"), ("en", "before the start date")],
)
def test_audit_filter_range_backwards_is_a_field_error(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: str
) -> None:
    """S12: from after to: an error beside 结束日期 in the user's language, and no Excel job."""
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    page = _audit_page(client, "date_from=2026-12-06&date_to=2026-12-01", lang)
    error = error_beside(page, "date_to")
    assert words in error
    assert 'id="audit-export"' not in page
    assert 'value="2026-12-06"' in page  # nothing typed is lost
    assert 'value="2026-12-01"' in page
    fine = _audit_page(client, "date_from=2026-12-01&date_to=2026-12-01", lang)
    assert "field-error" not in fine
    assert 'id="audit-export"' in fine


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh_CN", "对象编号：请填写整数编号"), ("en", "Record ID: enter a whole number")],
)
def test_audit_filter_object_number_not_a_number_is_a_field_error(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: str
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    page = _audit_page(client, "entity_id=abc", lang)
    assert words in error_beside(page, "entity_id")
    assert 'value="abc"' in page
    assert 'id="audit-export"' not in page


def test_audit_record_types_are_singular_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """S15: one record type each, singular, while the menu keeps its plural "Users"."""
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    page = _audit_page(client, "", "en")
    select = page.split('name="entity"', 1)[1].split("</select>", 1)[0]
    options = re.findall(r'<option value="[a-z_]+">([^<]*)</option>', select)
    assert options == [
        "Organisation",
        "Organisation import",
        "User",
        "Working group",
        "Reporting cycle",
        "Self-assessment",
        "Peer review",
    ]
    assert ">Users</a>" in page
    zh = _audit_page(client, "", "zh_CN").split('name="entity"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r'<option value="[a-z_]+">([^<]*)</option>', zh)[:4] == [
        "单位",
        "单位批量导入",
        "用户",
        "工作组",
    ]


@pytest.mark.parametrize(
    ("lang", "header"), [("zh_CN", "时间（北京时间）"), ("en", "Time (Beijing time)")]
)
def test_audit_workbook_time_column_says_beijing(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, header: str
) -> None:
    """S11: the workbook's time column names its time zone, as the page does."""
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    sheet = export_audit(client).active
    assert header in [cell.value for row in sheet.iter_rows(max_row=5) for cell in row]


def _workbook_rows(client: FlaskClient, url: str) -> list[tuple[object, ...]]:
    response = client.get(url)
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(response.data)).worksheets[0].iter_rows(values_only=True))


def test_side_by_side_headers_use_the_brackets_of_the_language(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """S9: "Planning and entry control（Self score）" in the English workbook."""
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    url = f"/reports/working-groups/{world.group.id}/side-by-side.xlsx"
    zh = " ".join(str(h) for h in _workbook_rows(client, url)[2][5:])
    assert "（" in zh
    client.get("/lang/en")
    rows = _workbook_rows(client, url)
    en = " ".join(str(h) for h in rows[2][5:])
    assert "（" not in en
    assert "）" not in en
    assert " (per million hours)" in en or " (" in en
    said = "quartile and pooled rows are listed only where the group has statistics"
    assert said in str(rows[1][0])


def test_parks_group_workbook_promises_no_median_row(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """S9: the parks group never has group statistics; its note says so, as its page does."""
    world = make_review_world(5)
    group = make_working_group(kind=WorkingGroupKind.PARKS)
    parks = [make_park(), make_park()]
    for park in parks:
        group.organisations.append(park)
        submitted(park, world.cycle, make_user(park), {})
    lead = make_user(parks[1])
    make_group_role(lead, group, GroupRole.LEAD)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(lead.email)
    url = f"/reports/working-groups/{group.id}/side-by-side.xlsx?cycle={world.cycle.id}"
    note = str(_workbook_rows(client, url)[1][0])
    assert "园区工作组没有组统计" in note
    assert "中位数行只在该组有组统计时列出" not in note
    client.get("/lang/en")
    rows = _workbook_rows(client, url)
    assert "no group statistics" in str(rows[1][0])
    assert "listed only where" not in str(rows[1][0])
    assert rows[-1][0] != "Median"


def test_audit_values_name_organisations_one_way_in_the_viewers_language(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """S10: a reminder round's stored Chinese names and an extension's id read alike."""
    make_secretariat(email="sec@example.cn")
    huacai = make_organisation(name_zh="华彩涂料有限公司", name_en="Huacai Coatings")
    weibei = make_organisation(name_zh="潍北石化有限公司", name_en="Weibei Petrochemicals")
    db_session.flush()
    reminded = {"organisations": ["华彩涂料有限公司", "已删除化工"], "messages": 2}
    record(None, "cycle", 3, "remind", after=reminded)
    record(None, "cycle", 3, "late.allow", after={"organisation_id": weibei.id})
    db_session.commit()
    auth.login("sec@example.cn")
    english = _audit_page(client, "", "en")
    assert "Organisation: Huacai Coatings、已删除化工" not in english
    assert "Huacai Coatings, 已删除化工" in english  # a name no longer found stays as stored
    assert "Organisation: Weibei Petrochemicals<" in english
    assert f"Weibei Petrochemicals #{weibei.id}" not in english
    assert "华彩涂料有限公司" not in english.split("<tbody>", 1)[1]
    chinese = _audit_page(client, "", "zh_CN")
    assert "华彩涂料有限公司、已删除化工" in chinese
    assert "单位: 潍北石化有限公司<" in chinese
    assert huacai.id


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_closed_years_planning_shows_no_workload_and_calibration_says_frozen(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """S13: the workload table (all zeros) hides for a closed year; calibration says 已关闭."""
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    planning = f"/reviews/groups/{world.group.id}?cycle={world.cycle.id}"
    calibration = f"/reviews/groups/{world.group.id}/calibration?cycle={world.cycle.id}"
    page = client.get(planning).get_data(as_text=True)
    assert 'aria-labelledby="load"' in page  # an open year: the lead plans with it
    assert "corrective-actions" in page or "corrective_actions" in page or "整改" in page
    calibrated = client.get(calibration).get_data(as_text=True)
    assert ("还没有评审员提交评审" if lang == "zh_CN" else "yet") in calibrated

    close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    page = client.get(planning).get_data(as_text=True)
    assert 'aria-labelledby="load"' not in page
    calibrated = client.get(calibration).get_data(as_text=True)
    frozen = calibrated.split('id="no-figures"', 1)[1].split("</p>", 1)[0]
    year = world.cycle.year
    assert (f"{year} 年度已关闭" if lang == "zh_CN" else f"Year {year} is closed") in frozen
    assert ("还没有" if lang == "zh_CN" else " yet") not in frozen


def test_a_year_without_assessments_offers_no_corrective_action_list(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """S13: the parks group's years with no assessments offered 下载本组整改清单."""
    world = make_review_world(5)
    group = make_working_group(kind=WorkingGroupKind.PARKS)
    park = make_park()
    group.organisations.append(park)
    lead = make_user(park)
    make_group_role(lead, group, GroupRole.LEAD)
    db_session.commit()
    auth.login(lead.email)
    page = client.get(f"/reviews/groups/{group.id}?cycle={world.cycle.id}").get_data(as_text=True)
    assert "下载本组整改清单" not in page
    submitted(park, world.cycle, lead, {})
    db_session.commit()
    page = client.get(f"/reviews/groups/{group.id}?cycle={world.cycle.id}").get_data(as_text=True)
    assert "下载本组整改清单" in page


def _order(page: str, names: list[str]) -> list[str]:
    return sorted(names, key=page.index)


def test_working_group_members_are_listed_as_the_organisations_list_orders_them(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """S16: the member list followed the code points of the Chinese names (东 < 江 < 西)."""
    group = make_working_group()
    for name_zh, name_en in (
        ("中英精细化工有限公司", "Sino-British Fine Chemicals Co."),
        ("西岭化工有限公司", "Xiling Chemical Co."),
        ("安庆石化有限公司", "Anqing Petrochemical Co."),
        ("滨城染料化工有限公司", None),
    ):
        group.organisations.append(make_organisation(name_zh=name_zh, name_en=name_en))
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    page = client.get(f"/working-groups/{group.id}").get_data(as_text=True)
    assert _order(page, ["中英精细化工", "西岭化工", "安庆石化", "滨城染料"]) == [
        "安庆石化",
        "滨城染料",
        "西岭化工",
        "中英精细化工",
    ]
    client.get("/lang/en")
    page = client.get(f"/working-groups/{group.id}").get_data(as_text=True)
    names = ["Sino-British", "Xiling Chemical", "Anqing Petrochemical", "滨城染料"]
    assert _order(page, names) == [
        "Anqing Petrochemical",
        "滨城染料",
        "Sino-British",
        "Xiling Chemical",
    ]
    listed = client.get("/organisations/").get_data(as_text=True)
    assert _order(listed, names) == _order(page, names)
