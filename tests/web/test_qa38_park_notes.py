"""What the park officer could not tell from the pages (qa38 S5, S6, S7, S12).

S5: PK-RC-02's share counts residents assessed in rcapp over the residents the park reports:
said on the KPI page, the result page and the scorecard. S6: a 0 in a denominator is saved
with a note, as a share over 100 % is refused with one. S7: a number item says which level
its number gives and what evidence that level needs. S12: two files of one name on an item
are told apart.
"""

from __future__ import annotations

from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments import services
from rcapp.assessments.messages import problem_text
from rcapp.assessments.models import KpiValue
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import KpiEntry
from rcapp.reports.documents import scorecard_html
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.parks import park_year, rated_resident, real_rubrics  # noqa: F401 - the fixture
from tests.web.helpers import PDF, member_with_assessment, page_text, upload_evidence

BASES = "分子为在本系统中评价、星级为三星及以上的入园企业数"


def test_the_park_share_says_what_it_counts_on_every_page(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - the fixture
) -> None:
    own = park_year()
    park = own.organisation
    own.kpi_values.append(KpiValue(input_id="companies_resident", value=Decimal(86)))
    rated_resident(park, own.cycle, 3)  # rcapp counts (qa42 S2: with none rated, the other note)
    admin = make_user(park, OrgRole.ADMIN)
    db_session.commit()
    auth.login(admin.email)
    for url in (f"/assessments/{own.id}/kpis", f"/assessments/{own.id}/result"):
        page = page_text(client, url)
        assert 'id="system-count-note"' in page, url
        assert BASES in page, url
        assert "PK-RC-02" in page
    assert BASES in scorecard_html(own, "zh")
    client.get("/lang/en")
    assert "residents not assessed on this system are not counted" in page_text(
        client, f"/assessments/{own.id}/result"
    )


def test_a_company_page_has_no_such_note(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth, filled=True)
    assert BASES not in page_text(client, f"/assessments/{assessment.id}/kpis")


def test_a_zero_denominator_is_saved_with_a_note(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    rubric = rubric_of(assessment)
    entries = {"hours_employees": KpiEntry("0"), "lti_employees": KpiEntry("2")}
    result = services.save_kpi_inputs(assessment, rubric, entries, world.user_a)
    assert result.ok
    (warning,) = [w for w in result.warnings if w.code == "zero_denominator"]
    assert warning.subject == "hours_employees"
    with app.test_request_context():
        assert "无法计算（分母为 0）" in problem_text(warning, "员工工时")
    # a 0 in a numerator leaves the KPI a figure: no note
    entries = {"hours_employees": KpiEntry("1000"), "lti_employees": KpiEntry("0")}
    result = services.save_kpi_inputs(assessment, rubric, entries, world.user_a)
    assert not [w for w in result.warnings if w.code == "zero_denominator"]


def test_a_number_item_says_its_level_and_the_evidence_it_needs(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth, filled=True)
    page = page_text(client, f"/assessments/{assessment.id}/sections/C1")
    assert 'id="number-level-C1.E1.2"' in page
    assert "数值对应的成熟度等级：1 次及以上为成熟度等级 2；2 次及以上为成熟度等级 4。" in page
    assert "数值 2 对应成熟度等级 4" in page


def test_two_files_of_one_name_are_told_apart(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    upload_evidence(client, assessment.id, "ev.pdf")
    upload_evidence(client, assessment.id, "ev.pdf", PDF + b"% another version\n")
    page = page_text(client, f"/assessments/{assessment.id}/sections/MS")
    assert ">ev.pdf</a>" in page
    assert ">ev.pdf（2）</a>" in page
    assert "同名文件按上传先后编号" in page
