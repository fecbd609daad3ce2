"""A second-year company copying into a new rubric version is told what changed, from the
crosswalk: the copy's message counts it, the overview lists it with the crosswalk's notes
and merged and new items say so on their cards (qa9 D1)."""

from __future__ import annotations

import hashlib
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole, User
from rcapp.assessments import services
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.cycles.models import CycleStatus
from rcapp.organisations.models import Organisation, OrganisationKind
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_organisation, make_user
from tests.real_rubrics import RUBRICS
from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture
from tests.web.helpers import page_text


def _year(organisation: Organisation, year: int, version: int, status: CycleStatus) -> Assessment:
    cycle = make_cycle(
        year=year,
        status=status,
        company_rubric_id="rc-company",
        company_rubric_version=version,
        park_rubric_id="rc-park",
        park_rubric_version=version,
    )
    sha = hashlib.sha256((RUBRICS / "rc-company" / f"v{version}.yaml").read_bytes()).hexdigest()
    return make_assessment(
        organisation, cycle, rubric_id="rc-company", rubric_version=version, rubric_sha256=sha
    )


def second_year(db_session: Session) -> tuple[User, Assessment, Assessment]:
    """A company with a submitted 2024 assessment (version 1) and a 2025 draft (version 2)."""
    organisation = make_organisation(kind=OrganisationKind.COMPANY)
    user = make_user(organisation, OrgRole.ADMIN)
    last = _year(organisation, 2024, 1, CycleStatus.CLOSED)
    services.save_section(
        last,
        rubric_of(last),
        "MS",
        {
            "MS.G4.3": ItemInput(level="2"),
            "MS.G5.2": ItemInput(level="2"),
            "MS.G1.1": ItemInput(level="1"),
        },
        user,
    )
    last.status = AssessmentStatus.SUBMITTED
    current = _year(organisation, 2025, 2, CycleStatus.OPEN)
    db_session.commit()
    return user, last, current


WORDS = {
    "zh_CN": (
        "已从 2024 年度复制 2 项答案",
        "评价细则已从第1版改为第2版：7 个新评价项上年没有答案，须重新填写；"
        "上年有 3 个评价项已取消，其答案未复制；4 个评价项由几项合并而成",
        "自 2024 年度以来评价细则的变化（第1版 → 第2版）",
        "风险分级和四色图原在两处计分，合并到MS.G4.3。",
        "第2版合并了 C5.E1.2，请按新内容重新评定",
        "第2版新增的评价项，上年没有答案：培训需求分析、计划和效果评估（替代MS.G5.2）。",
    ),
    "en": (
        "Copied 2 answers from 2024",
        "The rubric changed from version 1 to version 2: 7 new items have no answer from last"
        " year and must be filled in; 3 of last year's items were dropped and their answers"
        " not copied; 4 items merge several former ones",
        "What changed in the rubric since 2024 (version 1 → version 2)",
        "Risk grading and the four-colour map were scored twice; merged into MS.G4.3.",
        "Version 2 merged C5.E1.2 into this item: rate it again against the new wording",
        "Item new in version 2, no answer from last year: Training needs analysis, plan and"
        " evaluation (replaces MS.G5.2).",
    ),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_copy_into_a_new_version_says_what_changed(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    user, _last, current = second_year(db_session)
    auth.login(user.email)
    client.get(f"/lang/{lang}?next=/")
    copied, counts, title, note, merged, new = WORDS[lang]
    response = client.post(f"/assessments/{current.id}/copy-previous", follow_redirects=True)
    page = html.unescape(response.get_data(as_text=True))
    assert copied in page
    assert counts in page
    assert title in page
    assert note in page
    assert f'href="/assessments/{current.id}/sections/MS#item-MS.G5.6"' in page
    assert "MS.G5.2" in page  # dropped, with its note
    section = html.unescape(page_text(client, f"/assessments/{current.id}/sections/MS"))
    assert f'id="changed-MS.G4.3">{merged}</p>' in section
    assert f'id="changed-MS.G5.6">{new}</p>' in section
    assert 'id="changed-MS.G1.1"' not in section  # the same item: no note


def test_the_same_version_as_last_year_shows_no_changes(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    organisation = make_organisation(kind=OrganisationKind.COMPANY)
    user = make_user(organisation, OrgRole.ADMIN)
    last = _year(organisation, 2024, 2, CycleStatus.CLOSED)
    last.status = AssessmentStatus.SUBMITTED
    current = _year(organisation, 2025, 2, CycleStatus.OPEN)
    db_session.commit()
    auth.login(user.email)
    assert "rubric-changes" not in page_text(client, f"/assessments/{current.id}")
    assert "changed-MS.G4.3" not in page_text(client, f"/assessments/{current.id}/sections/MS")
