"""qa23 D1/S9: an organisation's kind cannot change under its assessments (form and import).

Without assessments the change stays allowed and the park link follows: a company made a park
leaves its park; a park with residents cannot become a company.
"""

from __future__ import annotations

import html as html_lib
import io

import pytest
from flask.testing import FlaskClient
from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import load_workbook
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from rcapp.assessments.models import AssessmentStatus
from rcapp.organisations.import_apply import apply_plan
from rcapp.organisations.import_check import plan_file
from rcapp.organisations.import_template import template_workbook
from rcapp.organisations.models import Organisation, OrganisationKind
from tests.conftest import AuthActions
from tests.factories import (
    credit_code,
    make_assessment,
    make_cycle,
    make_organisation,
    make_park,
    make_secretariat,
)
from tests.org_import_files import filled
from tests.web.browser_form import submitted_values

REFUSED = {
    "zh_CN": "该单位已有自评（2 份），不能改为化工园区；如登记有误，请联系系统管理员处理。",
    "en": "This organisation already has self-assessments (2), so it cannot become a chemical park;"
    " if it was registered with the wrong type, ask the system administrator to correct it.",
}
RESIDENTS = {
    "zh_CN": "该园区登记有 1 家区内企业，不能改为企业；请先修改这些企业的“所在化工园区”。",
    "en": "Companies registered in this park: 1, so it cannot become a company;"
    " first change the “Chemical park” of those companies.",
}


def _assessed_company(db_session: Session) -> tuple[int, str]:
    park = make_park()
    company = make_organisation(name_zh="西岭化工有限公司", park_id=park.id)
    make_assessment(company, make_cycle(year=2024), status=AssessmentStatus.SUBMITTED)
    make_assessment(company, make_cycle(year=2025))  # a draft counts too
    db_session.commit()
    return company.id, company.credit_code


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_form_refuses_a_kind_change_under_assessments(
    client: FlaskClient, db_session: Session, auth: AuthActions, language: str
) -> None:
    company_id, _code = _assessed_company(db_session)
    auth.login(make_secretariat().email)
    db_session.commit()
    client.get(f"/lang/{language}")
    url = f"/organisations/{company_id}/edit"
    form = MultiDict(submitted_values(client.get(url).get_data(as_text=True)))
    form["kind"] = "park"
    form["park_id"] = ""
    response = client.post(url, data=form)
    page = html_lib.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert REFUSED[language] in page
    db_session.expire_all()
    assert _kind_of(db_session, company_id) is OrganisationKind.COMPANY


def _kind_of(db_session: Session, organisation_id: int) -> OrganisationKind:
    organisation = db_session.get(Organisation, organisation_id)
    assert organisation is not None
    return organisation.kind


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_import_refuses_a_kind_change_under_assessments(
    db_session: Session, language: str
) -> None:
    company_id, code = _assessed_company(db_session)
    with force_locale(language):
        kind = "化工园区" if language == "zh_CN" else "Chemical park"
        plan = plan_file(filled([{"credit_code": code, "kind": kind}]))
        texts = [p.text() for p in plan.problems]
    row = "第 2 行“类型”：" if language == "zh_CN" else "Row 2, “Type”: "
    assert texts == [row + REFUSED[language]]
    assert not plan.ok


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_park_with_residents_cannot_become_a_company(
    client: FlaskClient, db_session: Session, auth: AuthActions, language: str
) -> None:
    park = make_park()
    make_organisation(park_id=park.id)
    auth.login(make_secretariat().email)
    db_session.commit()
    with force_locale(language):
        kind = "企业" if language == "zh_CN" else "Company"
        texts = [p.text() for p in plan_file(filled([{"credit_code": park.credit_code,
                                                        "kind": kind}])).problems]  # fmt: skip
    assert len(texts) == 1
    assert texts[0].endswith(RESIDENTS[language])
    client.get(f"/lang/{language}")
    url = f"/organisations/{park.id}/edit"
    form = MultiDict(submitted_values(client.get(url).get_data(as_text=True)))
    form["kind"] = "company"
    page = html_lib.unescape(client.post(url, data=form).get_data(as_text=True))
    assert RESIDENTS[language] in page
    db_session.expire_all()
    assert _kind_of(db_session, park.id) is OrganisationKind.PARK


def test_without_assessments_an_imported_company_made_park_leaves_its_park(
    db_session: Session,
) -> None:
    park = make_park(name_zh="临海化工园区")
    company = make_organisation(name_zh="江苏临海氯碱有限公司", park_id=park.id)
    db_session.commit()
    with force_locale("zh_CN"):  # the park cell blank: keep, but a park is in no park
        plan = plan_file(filled([{"credit_code": company.credit_code, "kind": "化工园区"}]))
        assert plan.ok, [p.text() for p in plan.problems]
        assert ("park", "临海化工园区", "") in plan.updates[0].changes
        apply_plan(plan, None)
    db_session.commit()
    db_session.expire_all()
    assert company.kind is OrganisationKind.PARK
    assert company.park_id is None


def test_without_assessments_the_form_still_changes_the_kind(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    company = make_organisation()
    auth.login(make_secretariat().email)
    db_session.commit()
    url = f"/organisations/{company.id}/edit"
    form = MultiDict(submitted_values(client.get(url).get_data(as_text=True)))
    form["kind"] = "park"
    form["park_id"] = ""
    response = client.post(url, data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    db_session.expire_all()
    assert company.kind is OrganisationKind.PARK


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh_CN", "第 2 行“省份”：不是可选的选项，请从列表中选择。"),
        ("en", "Row 2, “Province”: not one of the options; please choose one from the list."),
    ],
)
def test_a_problem_names_the_column_once(db_session: Session, language: str, expected: str) -> None:
    """qa23 S2/S10: not "“省份”：省份：…"."""
    with force_locale(language):
        rows = [{"kind": "企业", "name_zh": "省份错误化工有限公司", "credit_code": credit_code(),
                 "province": "火星", "city": "南京市"}]  # fmt: skip
        texts = [p.text() for p in plan_file(filled(rows)).problems]
    assert texts == [expected]


@pytest.mark.parametrize(
    ("lang", "sheet", "words"),
    [
        ("zh", "填写说明", "修改已有单位（统一社会信用代码已登记）：留空的列保持原值。"),
        ("en", "Instructions", "an empty cell keeps the registered value"),
    ],
)
def test_the_notes_say_blank_keeps_on_an_update(
    db_session: Session, lang: str, sheet: str, words: str
) -> None:
    """qa23 S1/S10: the notes say blank keeps on an update; the page names the sheet."""
    book = load_workbook(io.BytesIO(template_workbook(lang, ())))
    notes = " ".join(str(c.value) for row in book[sheet].iter_rows() for c in row if c.value)
    assert notes.count(words) == 2  # the working groups and the commitment status
    assert "留空表示不属于任何工作组" not in notes
    with force_locale("zh_CN" if lang == "zh" else "en"):
        page_help = _(
            "类型、省份、工作组和承诺书状态可从下拉列表中选择；“填写说明”工作表说明每一列。"
            "统一社会信用代码与已有单位相同的行将修改该单位。"
        )
    assert f"“{sheet}”" in page_help


LEFT_PARK = {
    "zh_CN": "“东海精细化工股份有限公司”已改为化工园区，不再登记在“临海化工园区”内："
    "化工园区不位于另一个化工园区内。",
    "en": "Donghai Fine Chemicals is now a chemical park and no longer registered in"
    " Linhai Chemical Park: a chemical park is not inside another chemical park.",
}


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_form_makes_a_company_a_park_leaving_its_park_as_the_import_does(
    client: FlaskClient, db_session: Session, auth: AuthActions, language: str
) -> None:
    """The park kept as it was is left (one rule with the import), and the page says so."""
    park = make_park(name_zh="临海化工园区", name_en="Linhai Chemical Park")
    company = make_organisation(
        name_zh="东海精细化工股份有限公司", name_en="Donghai Fine Chemicals", park_id=park.id
    )
    auth.login(make_secretariat().email)
    db_session.commit()
    client.get(f"/lang/{language}")
    url = f"/organisations/{company.id}/edit"
    form = MultiDict(submitted_values(client.get(url).get_data(as_text=True)))
    assert form["park_id"] == str(park.id)
    form["kind"] = "park"  # the park left as it is shown
    response = client.post(url, data=form, follow_redirects=True)
    page = html_lib.unescape(response.get_data(as_text=True))
    assert LEFT_PARK[language] in page
    db_session.expire_all()
    assert company.kind is OrganisationKind.PARK
    assert company.park_id is None


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("zh_CN", "化工园区不能位于另一个化工园区内，请将“所在化工园区”留空。"),
        ("en", "A chemical park cannot be located in another chemical park"),
    ],
)
def test_the_form_refuses_another_park_chosen_for_a_park(
    client: FlaskClient, db_session: Session, auth: AuthActions, language: str, message: str
) -> None:
    """As the import refuses a park named in a park's row: the field says why, nothing saved."""
    park, other = make_park(), make_park()
    company = make_organisation(park_id=park.id)
    auth.login(make_secretariat().email)
    db_session.commit()
    client.get(f"/lang/{language}")
    url = f"/organisations/{company.id}/edit"
    form = MultiDict(submitted_values(client.get(url).get_data(as_text=True)))
    form["kind"] = "park"
    form["park_id"] = str(other.id)
    response = client.post(url, data=form)
    page = html_lib.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert message in page
    db_session.expire_all()
    assert company.kind is OrganisationKind.COMPANY
    assert company.park_id == park.id
