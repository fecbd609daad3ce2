"""A blank template before the organisation has an assessment: offered on the home page,
downloaded by members only, tied to no assessment, and imported into the organisation's
later assessment of the same rubric version (another version or organisation refused)."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments import services
from rcapp.assessments.models import Assessment, KpiValue
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.cycles.models import CycleStatus
from rcapp.organisations.models import CommitmentStatus, Organisation, OrganisationKind
from rcapp.reports.template_model import META_SHEET
from tests.conftest import AuthActions
from tests.factories import (
    World,
    answer_of,
    make_assessment,
    make_cycle,
    make_organisation,
    make_park,
    make_user,
    make_world,
)
from tests.web.helpers import page_text
from tests.web.reports.test_import_excel_habits import shown_marks
from tests.web.reports.test_import_pages import _filled, _upload
from tests.web.test_v2_pages import real_rubrics  # noqa: F401 - a fixture

RUBRICS = Path(__file__).resolve().parents[3] / "rubrics"
HINT = {
    "zh_CN": "还没有自评时，也可以先下载空白填报模板（Excel），按",
    "en": "Until there is a self-assessment, you can download a blank template",
}
COVER = {
    "zh": ("尚未关联自评", "本模板尚未关联任何年度的自评"),
    "en": ("not yet tied to a self-assessment", "This template is not yet tied to"),
}


def _url(organisation: Organisation) -> str:
    return f"/reports/organisations/{organisation.id}/blank-template.xlsx"


def _signed_in_2026(db_session: Session, auth: AuthActions) -> World:
    """Organisation A signed in 2026: the open 2025 is not its year, it has no assessment."""
    world = make_world()
    world.org_a.commitment_status = CommitmentStatus.SIGNED
    world.org_a.commitment_signed_on = dt.date(2026, 3, 14)
    db_session.commit()
    auth.login(world.user_a.email)
    return world


def _identifiers(data: bytes) -> dict[str, str]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    rows = book[META_SHEET].iter_rows(values_only=True)
    return {str(key): str(value or "") for kind, key, value in rows if kind == "id"}


def _kpi_filled(data: bytes, values: dict[str, str]) -> bytes:
    """Fill KPI values by input id (the sheet shows codes; the hidden sheet maps them)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    meta = list(book[META_SHEET].iter_rows(values_only=True))
    codes = {key: value for kind, key, value in meta if kind == "kpi_code"}
    title = next(value for kind, key, value in meta if kind == "sheet" and key == "KPI")
    for row in book[title].iter_rows(min_row=4):
        input_id = codes.get(str(row[0].value))
        if input_id in values:
            row[4].value = Decimal(values[input_id])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _words(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page)))


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_home_page_of_an_organisation_without_an_assessment_offers_the_blank_template(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = _signed_in_2026(db_session, auth)
    client.get(f"/lang/{lang}?next=/")
    page = page_text(client, "/")
    assert HINT[lang] in _words(page)
    assert f'href="{_url(world.org_a)}" download' in page


def test_with_no_year_open_the_home_page_still_offers_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    world.cycle.status = CycleStatus.CLOSED
    world.cycle.closed_at = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    db_session.commit()
    auth.login(world.user_a.email)
    page = page_text(client, "/")
    assert "目前没有进行中的年度。" in page
    assert f'href="{_url(world.org_a)}" download' in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_download_is_blank_in_the_users_language_and_tied_to_no_assessment(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = _signed_in_2026(db_session, auth)
    response = client.get(f"{_url(world.org_a)}?lang={lang}")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert f"template-{world.org_a.credit_code}-blank-mini-company-v1" in disposition
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    cover = book.worksheets[0]
    title, notice = COVER[lang]
    assert title in str(cover["A1"].value)
    assert world.org_a.display_name(lang) in str(cover["A1"].value)
    assert notice in str(cover["A2"].value)
    ids = _identifiers(response.data)
    assert ids["unattached"] == "1"
    assert ids["assessment"] == ids["cycle"] == ""
    assert ids["organisation"] == world.org_a.credit_code
    assert (ids["rubric_id"], ids["rubric_version"], ids["lang"]) == ("mini-company", "1", lang)
    sheet = book["MS 管理体系" if lang == "zh" else book.sheetnames[2]]
    answers = [row[4] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert answers
    assert not any(answers)  # blank


def test_only_members_and_the_secretariat_may_download_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _signed_in_2026(db_session, auth)
    auth.logout()
    auth.login(world.user_b.email)
    assert client.get(_url(world.org_a)).status_code == 403
    assert f'href="{_url(world.org_a)}"' not in page_text(client, "/")
    auth.logout()
    auth.login(world.secretariat.email)
    assert client.get(_url(world.org_a)).status_code == 200


def test_a_kind_without_a_published_rubric_is_offered_nothing(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    park = make_park(commitment_status=CommitmentStatus.SIGNED)
    park.commitment_signed_on = dt.date(2026, 1, 5)
    user = make_user(park, OrgRole.ADMIN)
    db_session.commit()
    auth.login(user.email)
    assert client.get(_url(park)).status_code == 404  # the test rubrics have no park rubric
    assert "blank-template" not in page_text(client, "/")
    assert world.cycle.year == 2025


def test_a_filled_blank_template_imports_into_the_later_assessment(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _signed_in_2026(db_session, auth)
    blank = client.get(_url(world.org_a)).data
    filled = _kpi_filled(_filled(blank, 3), {"drills": "4"})
    # The secretariat opens 2026 (same rubric version); the company starts its assessment.
    later = make_cycle(year=2026)
    assessment = services.get_or_start_assessment(world.org_a, later, world.user_a)
    db_session.commit()
    status, page = _upload(client, assessment.id, filled)
    assert status == 200, _words(page)
    token = re.search(r"/import/([0-9a-f]{32})", page)
    assert token is not None
    url = f"/reports/assessments/{assessment.id}/import/{token.group(1)}"
    assert client.post(url, data={"action": "apply"}).status_code == 302
    db_session.expire_all()
    assert answer_of(assessment, "MS.G1.1") == (3, None)
    kept = db_session.scalar(
        select(KpiValue).where(
            KpiValue.assessment_id == assessment.id, KpiValue.input_id == "drills"
        )
    )
    assert kept is not None
    assert kept.value == 4


def test_a_blank_template_of_another_rubric_version_is_refused_naming_both(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
) -> None:
    organisation = make_organisation(kind=OrganisationKind.COMPANY)
    user = make_user(organisation, OrgRole.ADMIN)
    db_session.commit()
    auth.login(user.email)
    blank = client.get(_url(organisation)).data  # of the latest version: rc-company v2
    assert _identifiers(blank)["rubric_version"] == "2"
    filled = _kpi_filled(blank, {"pse_tier1": "1"})
    v1 = hashlib.sha256((RUBRICS / "rc-company" / "v1.yaml").read_bytes()).hexdigest()
    cycle = make_cycle(company_rubric_id="rc-company", company_rubric_version=1)
    assessment = make_assessment(
        organisation, cycle, rubric_id="rc-company", rubric_version=1, rubric_sha256=v1
    )
    db_session.commit()
    for lang, words in (
        ("zh_CN", ("（第2版）”生成，本自评使用“", "（第1版）”，版本不同，没有导入任何内容")),
        ("en", ("This blank template was made for", "(version 2)", "(version 1)")),
    ):
        client.get(f"/lang/{lang}?next=/")
        status, page = _upload(client, assessment.id, filled)
        assert status == 400
        for word in words:
            assert word in _words(page), word
    assert not db_session.scalars(select(KpiValue).filter_by(assessment_id=assessment.id)).all()


def test_a_blank_template_of_another_organisation_is_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _signed_in_2026(db_session, auth)
    blank = _filled(client.get(_url(world.org_a)).data, 3)
    theirs: Assessment = services.get_or_start_assessment(world.org_b, world.cycle, world.user_b)
    db_session.commit()
    auth.logout()
    auth.login(world.user_b.email)
    status, page = _upload(client, theirs.id, blank)
    assert status == 400
    assert "文件属于另一家单位" in page
    assert world.org_a.name_zh in page
    assert answer_of(theirs, "MS.G1.1") == (None, None)


def test_the_organisation_page_offers_it_until_a_year_is_open_for_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _signed_in_2026(db_session, auth)
    link = f'href="{_url(world.org_a)}" download'
    assert link in page_text(client, f"/organisations/{world.org_a.id}")
    services.get_or_start_assessment(world.org_b, world.cycle, world.user_b)
    db_session.commit()
    auth.logout()
    auth.login(world.user_b.email)  # its 2025 self-assessment is open: its template is there
    assert "blank-template" not in page_text(client, f"/organisations/{world.org_b.id}")


def test_blank_cells_leave_what_the_web_has_and_a_cell_both_filled_is_a_conflict(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _signed_in_2026(db_session, auth)
    blank = client.get(_url(world.org_a)).data
    filled = _filled(blank, 3)  # MS.G1.1 only
    later = make_cycle(year=2026)
    assessment = services.get_or_start_assessment(world.org_a, later, world.user_a)
    rubric = rubric_of(assessment)
    typed = {"MS.G1.1": ItemInput(level="1"), "MS.G1.2": ItemInput(level="1")}
    services.save_section(assessment, rubric, "MS", typed, world.user_a)
    db_session.commit()
    status, page = _upload(client, assessment.id, filled)
    assert status == 200
    # MS.G1.1: 1 on the web, 3 in the file; not "changed on the web since" (qa34 D4)
    assert "系统中已有答案（1），文件中为 3" in page
    assert "MS.G1.2" not in _words(page)  # blank in the file: not a change
    token = re.search(r"/import/([0-9a-f]{32})", page)
    assert token is not None
    url = f"/reports/assessments/{assessment.id}/import/{token.group(1)}"
    shown = {"action": "apply", "shown_conflict": shown_marks(page), "take_file": "MS:MS.G1.1"}
    assert client.post(url, data=shown).status_code == 302
    db_session.expire_all()
    assert answer_of(assessment, "MS.G1.1") == (3, None)
    assert answer_of(assessment, "MS.G1.2") == (1, None)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_an_organisation_with_an_assessment_is_not_offered_it_after_the_year_closed(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """QA21 S9: "Until there is a self-assessment…" beside a submitted assessment."""
    world = make_world()
    make_assessment(world.org_a, world.cycle)
    world.cycle.status = CycleStatus.CLOSED
    world.cycle.closed_at = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    db_session.commit()
    client.get(f"/lang/{lang}?next=/")
    for email, url in (
        (world.user_a.email, "/"),
        (world.user_a.email, f"/organisations/{world.org_a.id}"),
        (world.secretariat.email, f"/organisations/{world.org_a.id}"),
    ):
        auth.login(email)
        page = page_text(client, url)
        assert HINT[lang] not in _words(page), (email, url)
        assert _url(world.org_a) not in page
        auth.logout()
