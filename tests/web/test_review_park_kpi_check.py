"""The reviewer's KPI check of a park says what the park's own pages say (qa51 M1).

Linhai typed its three-star count in 2024 (park rubric v1: 9 of 84 = 10.71 %); in 2025 (v2)
rcapp counts its rated residents (2 of 86). The reviewer's "请核查" list showed 10.71 → 2.33
without the 口径不同 note, and the reviewer got 403 on the KPI page and the residents, so
a change of counting rule read as a drop. The list now carries the note and says which
input rcapp counts, and the assigned reviewer reads the KPI data and the counted residents'
ratings through the assignment (as the evidence files), read-only.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment
from rcapp.organisations.models import Organisation
from rcapp.reviews.models import Review, ReviewAssignment, ReviewKind
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_park, make_user
from tests.parks import closed_park_year, park_assessment, rated_resident
from tests.real_rubrics import real_rubrics  # noqa: F401 - the fixture
from tests.web.test_park_kpi_counted_vs_typed import NOTE

COUNTED = {
    "zh": "（系统按入园企业评级统计）",
    "en": "(counted by the system from residents' ratings)",
}
TYPED = {"zh": "（园区填报）", "en": "(reported by the park)"}
GAP = {"zh": "", "en": " "}


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _reviewed_park(session: Session) -> tuple[Organisation, Assessment, ReviewAssignment]:
    park, _earlier = closed_park_year(make_user(None), 1, [2, 1])  # 2024: typed 9 of 84
    own = park_assessment(park, 2025, 2, companies_resident="86")
    rated_resident(park, own.cycle, 4)  # two residents rated three stars or more in 2025
    rated_resident(park, own.cycle, 3)
    rated_resident(park, own.cycle, 1)
    session.flush()
    review = Review(
        assessment_id=own.id, kind=ReviewKind.DESK, sample_kpis=json.dumps(["PK-RC-02"])
    )
    session.add(review)
    session.flush()
    other = make_park()
    reviewer = make_user(other)
    assignment = ReviewAssignment(
        review_id=review.id, reviewer_id=reviewer.id, reviewer_organisation_id=other.id
    )
    session.add(assignment)
    session.flush()
    return park, own, assignment


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_check_list_marks_a_change_of_counting_rule_and_the_counted_input(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - the fixture
    lang: str,
) -> None:
    _park, _own, assignment = _reviewed_park(db_session)
    db_session.commit()
    auth.login(assignment.reviewer.email)
    if lang == "en":
        client.get("/lang/en")
    page = client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True)
    start = page.index('id="check-PK-RC-02"')
    row = _text(page[start : page.index("</tr>", start)])
    assert "10.71" in row
    assert "2.33" in row
    assert NOTE[lang] in row
    assert f"2{GAP[lang]}{COUNTED[lang]}" in row  # the numerator: rcapp's count
    assert f"86{GAP[lang]}{TYPED[lang]}" in row  # the denominator: the park's reported residents
    assert f"/reviews/assignments/{assignment.id}/kpi-data" in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_reviewer_reads_the_kpi_data_and_the_counted_residents(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - the fixture
    lang: str,
) -> None:
    _park, own, assignment = _reviewed_park(db_session)
    db_session.commit()
    auth.login(assignment.reviewer.email)
    if lang == "en":
        client.get("/lang/en")
    # the park's own pages stay the park's
    assert client.get(f"/assessments/{own.id}/kpis").status_code == 403
    response = client.get(f"/reviews/assignments/{assignment.id}/kpi-data")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    start = page.index('id="rate-PK-RC-02"')
    share = _text(page[start : page.index("</tr>", start)])
    assert "10.71" in share
    assert "2.33" in share
    assert NOTE[lang] in share
    residents = _text(page[page.index('id="residents"') :])
    assert ("系统统计的三星及以上入园企业：2 家" if lang == "zh" else ": 2") in residents
    assert residents.count("4 星" if lang == "zh" else "4 stars") == 1
    assert "data-input" not in page  # read-only: no field to type a figure in


def test_only_the_assigned_reviewer_reads_the_kpi_data(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - the fixture
) -> None:
    _park, _own, assignment = _reviewed_park(db_session)
    stranger = make_user(make_organisation())
    db_session.commit()
    auth.login(stranger.email)
    assert client.get(f"/reviews/assignments/{assignment.id}/kpi-data").status_code == 403
