"""A KPI input rcapp computes counts as reported in every completeness check (qa38 D1, S10).

A park's 责任关怀三星及以上入园企业数 (PK-RC-02-1, `computed: resident_companies_3star`) has no
input on the KPI page once rcapp counts it, yet the submit check, the overview's and the home
page's counts asked for a typed row: no park could submit. rcapp's count, 0 included, now
counts as present; and a year the park did not report shows no figure (上年 —), not a count.
"""

from __future__ import annotations

import re
from decimal import Decimal

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.accounts.models import OrgRole
from rcapp.assessments.completeness import core_kpi_inputs
from rcapp.assessments.models import Answer, Assessment, AssessmentStatus, KpiValue
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation, OrganisationKind
from rcapp.rubrics.model import ItemKind
from tests.conftest import AuthActions
from tests.factories import file_prerequisite, make_assessment, make_organisation, make_user
from tests.parks import REGISTRY, rated_resident, real_cycle
from tests.parks import real_rubrics as real_rubrics  # the fixture

PARK = REGISTRY.get("rc-park", 2)
COMPANY = REGISTRY.get("rc-company", 2)


def _complete_draft(park: Organisation, cycle: ReportingCycle) -> Assessment:
    """A park draft with every item, prerequisite and core KPI input but the computed one."""
    rubric = PARK.rubric
    own = make_assessment(
        park, cycle, rubric_id="rc-park", rubric_version=2, rubric_sha256=PARK.sha256
    )
    for _section, _element, item in rubric.iter_items():
        number = item.kind is ItemKind.NUMBER
        own.answers.append(
            Answer(
                item_id=item.id,
                level=None if number else 1,
                value=Decimal(50) if number else None,
            )
        )
    own.answers.extend(Answer(item_id=p.id, level=1) for p in rubric.prerequisites)
    # PK-SR-01 reports the same figure as item PK3.E1.1: typed alike, or submit is refused
    same = {item.same_figure_as for _s, _e, item in rubric.iter_items() if item.same_figure_as}
    for kpi_input in core_kpi_inputs(rubric):
        if kpi_input.computed is None:
            value = Decimal(50) if kpi_input.id in same else Decimal(10)
            own.kpi_values.append(KpiValue(input_id=kpi_input.id, value=value))
    db.session().flush()
    return own


def test_a_park_submits_without_a_typed_row_for_the_count_rcapp_makes(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    cycle = real_cycle(year=2025)
    park = make_organisation(kind=OrganisationKind.PARK)
    rated_resident(park, cycle, stars=2)  # rcapp's count: 0 residents with three stars
    own = _complete_draft(park, cycle)
    admin = make_user(park, OrgRole.ADMIN)
    for prerequisite in PARK.rubric.prerequisites:  # met, so backed by its file (parkinc)
        file_prerequisite(own, PARK.rubric, prerequisite.id, admin)
    db_session.commit()
    assert "companies_3star" not in {v.input_id for v in own.kpi_values}
    total = len(core_kpi_inputs(PARK.rubric))
    auth.login(admin.email)

    overview = client.get(f"/assessments/{own.id}").get_data(as_text=True)
    assert re.search(rf">\s*{total} / {total}\s*<", overview), "core KPI data not all counted"
    assert "PK-RC-02-1" not in overview
    home = client.get("/").get_data(as_text=True)
    assert "PK-RC-02-1" not in home

    response = client.post(f"/assessments/{own.id}/submit", follow_redirects=True)
    assert response.status_code == 200
    db_session.refresh(own)
    assert own.status is AssessmentStatus.SUBMITTED, response.get_data(as_text=True)[:3000]


def test_a_count_still_unknown_to_rcapp_is_asked_for(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    """No resident rated in rcapp: the KPI page asks for the count, and the check wants it."""
    cycle = real_cycle(year=2025)
    park = make_organisation(kind=OrganisationKind.PARK)
    own = _complete_draft(park, cycle)
    admin = make_user(park, OrgRole.ADMIN)
    for prerequisite in PARK.rubric.prerequisites:  # met, so backed by its file (parkinc)
        file_prerequisite(own, PARK.rubric, prerequisite.id, admin)
    db_session.commit()
    auth.login(admin.email)
    client.post(f"/assessments/{own.id}/submit", follow_redirects=True)
    db_session.refresh(own)
    assert own.status is AssessmentStatus.DRAFT


def test_last_year_shows_no_count_for_a_year_the_park_did_not_report(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    before, cycle = real_cycle(year=2024), real_cycle(year=2025)
    park = make_organisation(kind=OrganisationKind.PARK)
    rated_resident(park, before, stars=2)  # rated in 2024: rcapp could count 0 for that year
    rated_resident(park, cycle, stars=3)
    own = _complete_draft(park, cycle)
    admin = make_user(park, OrgRole.ADMIN)
    for prerequisite in PARK.rubric.prerequisites:  # met, so backed by its file (parkinc)
        file_prerequisite(own, PARK.rubric, prerequisite.id, admin)
    db_session.commit()
    auth.login(admin.email)
    page = client.get(f"/assessments/{own.id}/kpis").get_data(as_text=True)
    start = page.index("PK-RC-02-1")
    row = page[start : page.index("</tr>", start)]
    cells = re.findall(
        r'<td class="num">(?:<span class="cell-label"[^>]*>[^<]*</span>)?([^<]*)</td>', row
    )
    assert cells, row
    assert cells[0].strip() == "—", row
