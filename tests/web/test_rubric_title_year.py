"""Version 1 serves 2023 to 2025: its title "(…, reporting year 2025)" is printed without it.

A published rubric file is never edited (assessments pin its hash), so the pages, the PDF
scorecard and the workbooks print the title without the year beside the cycle's own year;
a 2024 assessment read "2024 · … (version 1, reporting year 2025)".
"""

from __future__ import annotations

import hashlib

from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments.models import Assessment
from rcapp.reports.data import build_scorecard_report
from rcapp.reports.data_template import build_template
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_organisation, make_user
from tests.real_rubrics import RUBRICS
from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture
from tests.web.helpers import page_text


def _v1_assessment_of_2024() -> tuple[Assessment, str]:
    cycle = make_cycle(
        year=2024,
        company_rubric_id="rc-company",
        company_rubric_version=1,
        park_rubric_id="rc-park",
        park_rubric_version=1,
    )
    organisation = make_organisation()
    user = make_user(organisation, OrgRole.ADMIN)
    sha = hashlib.sha256((RUBRICS / "rc-company" / "v1.yaml").read_bytes()).hexdigest()
    assessment = make_assessment(
        organisation, cycle, rubric_id="rc-company", rubric_version=1, rubric_sha256=sha
    )
    return assessment, user.email


def test_v1_title_names_no_year_on_pages_pdf_and_workbooks(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment, email = _v1_assessment_of_2024()
    db_session.commit()
    auth.login(email)

    overview = page_text(client, f"/assessments/{assessment.id}")
    assert "2024 年度" in overview
    assert "企业责任关怀评价细则（第1版）" in overview
    assert "（第1版） v1" not in overview  # the title names its version: once is enough
    # the title's year, as the rubric file words it (another "2025" may be said: the
    # first-year cap names the earliest year higher stars are possible)
    assert "2025报告年度" not in overview
    for lang, title in (
        ("zh", "企业责任关怀评价细则（第1版）"),
        ("en", "Company Responsible Care rubric (version 1)"),
    ):
        with force_locale("en" if lang == "en" else "zh_CN"):
            assert build_scorecard_report(assessment, lang).rubric_label == title  # PDF, xlsx
            assert build_template(assessment, lang).instructions[0] == title  # the template
