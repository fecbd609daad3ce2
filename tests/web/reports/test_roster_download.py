"""The year's roster as Excel: the rows the page lists, every page, in the page's words."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.assessments import services
from rcapp.assessments.events import local_today
from rcapp.assessments.models import AssessmentStatus
from rcapp.assessments.validation import EventInput
from rcapp.clock import beijing_today
from rcapp.cycles.models import LateAllowance, ReportingCycle
from rcapp.organisations.models import CommitmentStatus, Organisation, OrganisationKind
from tests.conftest import AuthActions
from tests.factories import (
    fill_complete,
    make_assessment,
    make_cycle,
    make_group_role,
    make_organisation,
    make_secretariat,
    make_user,
    make_working_group,
    make_world,
    start,
)

SIGNED = {"commitment_status": CommitmentStatus.SIGNED}
EVIL = '=HYPERLINK("http://evil.example","x")'
FIRST_ROW = 3  # a line naming the filters, then the header


def _signed(name: str, **fields: object) -> Organisation:
    return make_organisation(name_zh=name, **SIGNED, **fields)


def _download(client: FlaskClient, cycle: ReportingCycle, **args: str) -> openpyxl.Workbook:
    response = client.get(f"/reports/cycles/{cycle.id}/organisations.xlsx", query_string=args)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return openpyxl.load_workbook(io.BytesIO(response.data))


def _rows(book: openpyxl.Workbook) -> list[tuple[object, ...]]:
    return list(book.active.iter_rows(min_row=FIRST_ROW, values_only=True))


def _secretariat(db_session: Session, auth: AuthActions) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")


def test_the_file_holds_the_filtered_sorted_rows_of_every_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle = make_cycle()
    for n in range(103):
        _signed(f"批量化工{n:03d}")
    make_assessment(_signed("批量化工已交"), cycle, status=AssessmentStatus.SUBMITTED)
    make_assessment(_signed("批量化工草稿"), cycle)
    _signed("其他化工")
    _secretariat(db_session, auth)
    args = {"status": "not_started", "q": "批量", "sort": "name", "order": "desc"}
    page = client.get(f"/cycles/{cycle.id}/organisations", query_string=args)
    html = page.get_data(as_text=True)
    assert "共 103 家（已筛选） · 每页 100 个。" in html
    assert "导出当前名单（Excel）" in html
    link = re.search(r'href="([^"]*organisations\.xlsx[^"]*)"[^>]*>导出当前名单（Excel）', html)
    assert link is not None
    response = client.get(link.group(1).replace("&amp;", "&"))  # the page's own link
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    names = [row[0] for row in _rows(book)]
    assert names == [f"批量化工{n:03d}" for n in reversed(range(103))]
    assert {row[5] for row in _rows(book)} == {"未开始"}
    note = book.active["A1"].value
    assert "年度: 2025" in note
    assert "状态: 未开始" in note
    assert "名称: 批量" in note


def test_the_file_says_late_and_extensions_as_the_page_does(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    today = beijing_today()
    cycle = make_cycle(deadline=today - dt.timedelta(days=10))
    dated = _signed("甲延期化工", name_en="Dated Chemicals")
    open_ended = _signed("乙延期化工", name_en=None)
    ended = _signed("丙延期化工")
    late = _signed("丁逾期化工", credit_code="91320000MA1XXXXX0Y")
    _signed(EVIL)
    until = today + dt.timedelta(days=5)
    for org, day in ((dated, until), (open_ended, None), (ended, today - dt.timedelta(days=1))):
        db_session.add(LateAllowance(cycle_id=cycle.id, organisation_id=org.id, until=day))
        make_assessment(org, cycle)
    submitted_at = dt.datetime.combine(today - dt.timedelta(days=2), dt.time(2, 30), dt.UTC)
    make_assessment(late, cycle, status=AssessmentStatus.SUBMITTED, submitted_at=submitted_at)
    _secretariat(db_session, auth)
    rows = {row[0]: row for row in _rows(_download(client, cycle))}
    assert rows["甲延期化工"][1] == "Dated Chemicals"
    # Within its extension: not overdue (deadlines.is_late), the extension said beside.
    assert rows["甲延期化工"][7:9] == (None, f"已准许逾期提交 · 至 {until.isoformat()}")
    assert rows["乙延期化工"][1] is None
    assert rows["乙延期化工"][8] == "已准许逾期提交 · 无截止日期"
    ended_on = (today - dt.timedelta(days=1)).isoformat()
    assert rows["丙延期化工"][8] == f"延期已于 {ended_on} 结束"
    assert rows["丁逾期化工"][2:8] == (
        "91320000MA1XXXXX0Y",
        "企业",
        "江苏省",
        "已提交",
        dt.datetime.combine(submitted_at.date(), dt.time(10, 30)),  # Beijing time
        "逾期提交",
    )
    assert rows["丁逾期化工"][8] is None
    assert rows[EVIL][7:9] == ("逾期未提交", None)
    # A name starting with "=" stays text, never a formula.
    book = _download(client, cycle)
    cell = next(c for c in book.active["A"] if c.value == EVIL)
    assert cell.data_type == "s"


def test_the_file_says_an_extension_before_the_deadline_as_extended(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    today = beijing_today()
    cycle = make_cycle(deadline=today + dt.timedelta(days=3))  # the year's deadline ahead
    dated = _signed("甲延期化工")
    until = today + dt.timedelta(days=20)
    db_session.add(LateAllowance(cycle_id=cycle.id, organisation_id=dated.id, until=until))
    make_assessment(dated, cycle)
    _secretariat(db_session, auth)
    rows = {row[0]: row for row in _rows(_download(client, cycle))}
    assert rows["甲延期化工"][7:9] == (None, f"已延期 · 至 {until.isoformat()}")


def test_the_headers_follow_the_page_language(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle = make_cycle()
    _signed("甲化工", name_en="Alpha Chemicals", kind=OrganisationKind.PARK)
    _secretariat(db_session, auth)
    zh = _download(client, cycle)
    assert zh.active.title == "各单位进展"
    assert [c.value for c in zh.active[2]][:3] == ["组织名称", "英文名称", "统一社会信用代码"]
    assert zh.active.freeze_panes == "A3"
    client.get("/lang/en")
    en = _download(client, cycle, status="open")
    header = [c.value for c in en.active[2]]
    assert header == [
        "Organisation",
        "Chinese name",
        "Unified social credit code",
        "Type",
        "Province",
        "Status",
        "Submitted at (Beijing time)",
        "Late",
        "Extension",
        "Last activity (Beijing time)",
        "Complete %",
        "Star rating",
        "Result status",
        "Last reminded",
        "Times reminded",
    ]
    row = _rows(en)[0]
    assert row[:2] == ("Alpha Chemicals", "甲化工")
    assert row[5] == "Not started"
    assert "Year: 2025" in en.active["A1"].value


def test_only_the_secretariat_may_download_the_roster(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle = make_cycle()
    member_org = _signed("成员化工")
    make_user(member_org, email="member@example.cn")
    group = make_working_group()
    group.organisations.append(member_org)
    lead = make_user(make_organisation(), email="lead@example.cn")
    make_group_role(lead, group, GroupRole.LEAD)
    db_session.commit()
    for email in ("member@example.cn", "lead@example.cn"):
        auth.login(email)
        assert client.get(f"/reports/cycles/{cycle.id}/organisations.xlsx").status_code == 403
        auth.logout()


def test_the_file_has_the_pages_progress_and_stars_with_a_veto_not_rated(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # The page shows 完成度 and 星级; the file had neither. A vetoed company ("不予评星")
    # has no star rating: 未评定（一票否决）, not 0 星.
    world = make_world()
    for org in (world.org_a, world.org_b):
        org.commitment_status = CommitmentStatus.SIGNED
    rated = start(world, world.org_b)
    fill_complete(rated, world.user_b)
    services.submit_assessment(rated, world.user_b)
    vetoed = start(world)
    rubric = fill_complete(vetoed, world.user_a)
    services.add_event(vetoed, rubric, _FATAL, world.user_a)
    services.submit_assessment(vetoed, world.user_a)
    draft = _signed("草稿化工")
    services.get_or_start_assessment(draft, world.cycle, world.user_a)
    db_session.commit()
    auth.login(world.secretariat.email)

    book = _download(client, world.cycle)
    header = [c.value for c in book.active[2]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in _rows(book)}
    assert rows[world.org_b.name_zh]["完成度 %"] == 100
    assert rows[world.org_b.name_zh]["星级"] == rated.stars
    assert rows[world.org_b.name_zh]["结果性质"] == "暂定"
    assert rows[world.org_a.name_zh]["星级"] == "未评定（一票否决）"
    assert (rows["草稿化工"]["完成度 %"], rows["草稿化工"]["星级"]) == (0, None)
    client.get("/lang/en")
    book = _download(client, world.cycle)
    header = [c.value for c in book.active[2]]
    rows = {r[1]: dict(zip(header, r, strict=True)) for r in _rows(book)}
    assert rows[world.org_a.name_zh]["Star rating"] == "Not rated (veto)"


_FATAL = EventInput(
    event_type="safety_accident",
    grade="larger",
    occurred_on=(local_today() - dt.timedelta(days=30)).isoformat(),
    fatalities="3",
    description="储罐区火灾",
)
