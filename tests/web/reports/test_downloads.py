"""Report downloads: the PDF scorecard, workbooks, list exports, permissions and formulas."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.audit import services as audit
from rcapp.organisations.models import CommitmentStatus
from rcapp.reviews.models import (
    ActionStatus,
    Finding,
    FindingKind,
    Review,
    ReviewKind,
    ReviewStatus,
)
from tests.audit_export import export_bytes
from tests.conftest import AuthActions
from tests.factories import (
    World,
    fill_complete,
    make_group_role,
    make_user,
    make_working_group,
    make_world,
    start,
    submitted_assessment,
)
from tests.pdf_tools import embedded_cjk_subset, needs_poppler, pdf_text
from tests.scorecard_download import fetch_scorecard

EVIL = '=HYPERLINK("http://evil.example","x")'
XLSX_EXPORTS = [
    "/reports/organisations.xlsx",
    "/reports/assessments.xlsx",
    "/reports/assessments/{assessment}/results.xlsx",
    "/reports/assessments/{assessment}/results.xlsx?lang=en",
    "/reports/cycles/{cycle}/annual.xlsx",
    "/reports/working-groups/{group}/members.xlsx",
    "/reports/corrective-actions.xlsx",
    "/reports/corrective-actions.xlsx?cycle={cycle}&status=open&lang=en",
]


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def has_formula(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(
            b"<f>" in archive.read(name) or b"<f " in archive.read(name)
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )


def unquoted_formula_text(book: openpyxl.Workbook) -> list[str]:
    """Text cells starting like a formula without Excel's quote prefix: F2 + Enter runs them."""
    return [
        cell.value
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value[:1] in "=+-@" and not cell.quotePrefix
    ]


def all_values(book: openpyxl.Workbook) -> list[object]:
    return [cell.value for sheet in book for row in sheet.iter_rows() for cell in row]


def evil_world(db_session: Session) -> tuple[World, dict[str, int]]:
    """A submitted assessment whose organisation, answers and audit trail carry formulas."""
    world = make_world()
    world.org_a.name_zh = EVIL
    world.org_a.name_en = EVIL
    world.org_a.sector = "+86 10 1234"
    group = make_working_group(name_zh="@SUM(A1)")
    world.org_a.working_groups.append(group)
    assessment = start(world)
    rubric = fill_complete(assessment, world.user_a)
    services.save_section(
        assessment,
        rubric,
        "C6",
        {"C6.E1.1": ItemInput(level="2", comment="=1+1", evidence_note="-2+3")},
        world.user_a,
    )
    audit.record(world.user_a, "organisation", world.org_a.id, "update", after={"name": EVIL})
    services.submit_assessment(assessment, world.user_a)
    review = Review(assessment=assessment, kind=ReviewKind.DESK, status=ReviewStatus.FINAL)
    review.findings.append(
        Finding(
            kind=FindingKind.CORRECTIVE_ACTION,
            text=EVIL,
            item_id="C6.E1.1",
            owner="+王工",
            due_on=dt.date(2026, 6, 30),
            action_status=ActionStatus.OPEN,
            closing_evidence="@SUM(A1:A9)",
        )
    )
    db_session.add(review)
    db_session.commit()
    ids = {"assessment": assessment.id, "cycle": world.cycle.id, "group": group.id}
    return world, ids


def test_every_export_writes_user_text_as_text(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, ids = evil_world(db_session)
    auth.login(world.secretariat.email)
    for url in XLSX_EXPORTS:
        response = client.get(url.format(**ids))
        assert response.status_code == 200, url
        assert response.headers["Content-Type"].endswith("spreadsheetml.sheet")
        assert not has_formula(response.data), url
        assert unquoted_formula_text(workbook(response.data)) == [], url  # qa55 #8
        values = all_values(workbook(response.data))
        if "members" not in url:
            assert EVIL in values, url
    audit_log = export_bytes(client)  # the audit log, a report job
    assert not has_formula(audit_log)
    assert unquoted_formula_text(workbook(audit_log)) == []
    assert EVIL in str(all_values(workbook(audit_log)))
    members = workbook(client.get(f"/reports/working-groups/{ids['group']}/members.xlsx").data)
    assert "@SUM(A1)" in str(all_values(members)) or EVIL in all_values(members)
    results = workbook(client.get(f"/reports/assessments/{ids['assessment']}/results.xlsx").data)
    assert {"=1+1", "-2+3"} <= set(all_values(results))
    actions = all_values(workbook(client.get("/reports/corrective-actions.xlsx").data))
    assert {EVIL, "+王工", "@SUM(A1:A9)"} <= set(actions)


def test_organisation_export_keeps_the_page_filters(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    world.org_b.province = "山东省"
    db_session.commit()
    auth.login(world.secretariat.email)
    response = client.get("/reports/organisations.xlsx?province=江苏省")
    sheet = workbook(response.data).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    names = [row[0] for row in rows[2:]]
    assert world.org_a.name_zh in names
    assert world.org_b.name_zh not in names
    assert "江苏省" in str(rows[0][0])  # the filter line says what the file holds


def test_list_exports_check_permissions(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    group = make_working_group()
    db_session.commit()
    auth.login(world.user_a.email)
    for url in (
        "/reports/organisations.xlsx",
        "/reports/audit.xlsx",
        f"/reports/working-groups/{group.id}/members.xlsx",
        f"/reports/cycles/{world.cycle.id}/annual.xlsx",
    ):
        assert client.get(url).status_code == 403, url


def test_group_lead_downloads_own_group_members(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    group = make_working_group()
    group.organisations.append(world.org_a)
    # the year's list: its members taking part (a signatory), as the group's year page
    world.org_a.commitment_status = CommitmentStatus.SIGNED
    lead = make_user()
    make_group_role(lead, group, GroupRole.LEAD)
    db_session.commit()
    auth.login(lead.email)
    response = client.get(f"/reports/working-groups/{group.id}/members.xlsx")
    assert response.status_code == 200
    assert world.org_a.name_zh in all_values(workbook(response.data))


def test_assessments_export_lists_only_what_the_user_may_see(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    start(world)
    start(world, world.org_b)
    db_session.commit()
    auth.login(world.user_a.email)
    url = f"/reports/assessments.xlsx?cycle={world.cycle.id}"  # the year by its cycle id
    values = all_values(workbook(client.get(url).data))
    assert world.org_a.name_zh in values
    assert world.org_b.name_zh not in values


@needs_poppler
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", ["管理体系", "星级条件", "关键绩效指标"]),
        ("en", ["Management system", "Star rating conditions", "KPIs"]),
    ],
)
def test_scorecard_pdf_in_both_languages(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    tmp_path: Path,
    lang: str,
    expected: list[str],
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    response = fetch_scorecard(client, assessment.id, lang)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    name = world.org_a.name_zh if lang == "zh" else world.org_a.name_en
    assert name is not None
    assert name in text
    for title in expected:
        assert title in text
    assert embedded_cjk_subset(response.data)
    rubric = rubric_of(assessment)
    assert rubric.sections[0].title.get(lang) in text


def test_scorecard_is_refused_to_another_organisation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    db_session.commit()
    auth.login(world.user_b.email)
    assert client.get(f"/reports/assessments/{assessment.id}/scorecard.pdf").status_code == 403
    assert client.get(f"/reports/assessments/{assessment.id}/results.xlsx").status_code == 403


def test_the_english_annual_workbook_has_english_provinces_and_separators(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    world.org_a.commitment_status = CommitmentStatus.SIGNED
    for name in ("Alpha Group", "Beta Group"):
        world.org_a.working_groups.append(make_working_group(name_en=name))
    submitted_assessment(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    response = client.get(f"/reports/cycles/{world.cycle.id}/annual.xlsx?lang=en")
    assert response.status_code == 200
    book = workbook(response.data)
    scores = book.worksheets[0]
    header = [cell.value for cell in scores[3]]  # under the internal marking (qa46 D4)
    row = {header[i]: cell.value for i, cell in enumerate(scores[4])}
    assert row["Province"] == "Jiangsu"
    assert row["Working groups"] == "Alpha Group, Beta Group"
    gates = [str(v) for v in all_values(book) if isinstance(v, str)]
    assert not any("；" in v or "、" in v or "江苏" in v for v in gates), [
        v for v in gates if "；" in v or "、" in v or "江苏" in v
    ]
    chinese = workbook(client.get(f"/reports/cycles/{world.cycle.id}/annual.xlsx?lang=zh").data)
    zh_scores = chinese.worksheets[0]
    zh_header = [cell.value for cell in zh_scores[3]]
    zh_row = {zh_header[i]: cell.value for i, cell in enumerate(zh_scores[4])}
    assert zh_row["省份"] == "江苏省"
    assert "、" in zh_row["工作组"]
    group = world.org_a.working_groups[0]
    client.get("/lang/en")  # the list exports follow the page language
    members = workbook(client.get(f"/reports/working-groups/{group.id}/members.xlsx").data)
    # the region, province then city, as the group page's column (QA14 S11)
    assert any(str(v).startswith("Jiangsu") for v in all_values(members))


@needs_poppler
def test_the_english_scorecard_separates_unmet_conditions_the_english_way(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    english = pdf_text(fetch_scorecard(client, assessment.id, "en").data)
    chinese = pdf_text(fetch_scorecard(client, assessment.id, "zh").data)
    assert "；" in chinese  # a star band with several unmet conditions
    assert "；" not in english
