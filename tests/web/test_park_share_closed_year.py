"""A closed year's PK-RC-02 is the published figure on every later page (qa22 D1).

Linhai's 2024 result (park rubric v1: the park types its three-star count) was frozen at
9 of 84 = 10.71 %, while the 2025 KPI page recounted 2024 by the v2 rule (rcapp's count of
rated residents: 0) and showed last year 0. An earlier year now counts by its own rubric's
rule, so the next year's page, its ladder and the reviewer's check take the frozen figure.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment, SnapshotKind
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.results import scoring_inputs
from rcapp.assessments.snapshots import find_snapshot, snapshot_scorecard
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.parks import closed_park_year, park_assessment
from tests.parks import real_rubrics as real_rubrics  # the fixture


def _frozen_share(own: Assessment) -> Decimal | None:
    frozen = find_snapshot(own, SnapshotKind.FROZEN)
    assert frozen is not None
    return snapshot_scorecard(frozen).kpi("PK-RC-02").value


def _last_year_cell(client: FlaskClient, assessment_id: int) -> str:
    page = client.get(f"/assessments/{assessment_id}/kpis").get_data(as_text=True)
    start = page.index('<span class="item-id nowrap">PK-RC-02</span>')
    row = page[start : page.index("</tr>", start)]
    cells = re.findall(
        r'<td class="num">(?:<span class="cell-label"[^>]*>[^<]*</span>)?([^<]*)</td>', row
    )
    return str(cells[0])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_year_on_the_typed_rule_shows_its_published_figure_next_year(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    admin = make_user(None)
    park, earlier = closed_park_year(admin, 1, [2, 1])  # rcapp counts 0; the park typed 9
    assert _frozen_share(earlier) == Decimal("10.71")  # 9 / 84, v1's rule
    own = park_assessment(park, 2025, 2, companies_resident="86")
    staff = make_user(park)
    db_session.commit()
    auth.login(staff.email)
    if lang == "en":
        client.get("/lang/en")
    assert _last_year_cell(client, own.id) == "10.71"
    # The ladder and the scorecard's history read the same inputs.
    _inputs, _context = scoring_inputs(own, rubric_of(own))
    history = _inputs.kpi_history[2024]
    assert history["companies_3star"] == Decimal(9)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_year_on_the_counted_rule_freezes_rcapps_count_and_shows_it_next_year(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    admin = make_user(None)
    park, earlier = closed_park_year(admin, 2, [3, 4, 1])  # rcapp counts 2; the park typed 9
    assert _frozen_share(earlier) == Decimal("2.38")  # 2 / 84, not the typed 9
    own = park_assessment(park, 2025, 2, companies_resident="86")
    staff = make_user(park)
    db_session.commit()
    auth.login(staff.email)
    if lang == "en":
        client.get("/lang/en")
    assert _last_year_cell(client, own.id) == "2.38"
