"""A closed year's PK-RC-02 is the published figure on every later page (qa22 D1).

Linhai's 2024 result (park rubric v1: the park types its three-star count) was frozen at
9 of 84 = 10.71 %, while the 2025 KPI page recounted 2024 by the v2 rule (rcapp's count of
rated residents: 0) and showed last year 0. An earlier year now counts by its own rubric's
rule, so the next year's page, its ladder and the reviewer's check take the frozen figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment, AssessmentStatus, KpiValue, SnapshotKind
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.results import scoring_inputs
from rcapp.assessments.snapshots import find_snapshot, snapshot_scorecard
from rcapp.cycles import services as cycle_services
from rcapp.organisations.models import Organisation, OrganisationKind
from rcapp.rubrics.registry import RubricRegistry
from tests.conftest import AuthActions
from tests.factories import (
    make_assessment,
    make_cycle,
    make_organisation,
    make_user,
)

RUBRICS = Path(__file__).resolve().parents[2] / "rubrics"
REGISTRY = RubricRegistry(RUBRICS)


@pytest.fixture
def real_rubrics(app: Flask) -> Iterator[None]:
    before = app.config["RUBRICS_DIR"]
    app.config["RUBRICS_DIR"] = str(RUBRICS)
    yield
    app.config["RUBRICS_DIR"] = before


def _park_assessment(park: Organisation, year: int, version: int, **typed: str) -> Assessment:
    cycle = make_cycle(
        year=year,
        company_rubric_id="rc-company",
        company_rubric_version=version,
        park_rubric_id="rc-park",
        park_rubric_version=version,
    )
    own = make_assessment(
        park,
        cycle,
        status=AssessmentStatus.SUBMITTED,
        rubric_id="rc-park",
        rubric_version=version,
        rubric_sha256=REGISTRY.get("rc-park", version).sha256,
    )
    for input_id, value in typed.items():
        own.kpi_values.append(KpiValue(input_id=input_id, value=Decimal(value)))
    return own


def _resident(park: Organisation, own: Assessment, stars: int) -> Assessment:
    """A resident whose submitted assessment is rated `stars`."""
    cycle = own.cycle
    version = cycle.company_rubric_version
    return make_assessment(
        make_organisation(park_id=park.id),
        cycle,
        status=AssessmentStatus.SUBMITTED,
        stars=stars,
        rubric_sha256=REGISTRY.get("rc-company", version).sha256,
    )


def _closed_year(admin: User, version: int, stars: list[int]) -> tuple[Organisation, Assessment]:
    """A park closed with its residents in one close, the park first in the freeze order.

    The close freezes by assessment id; the park's was made before its residents'.
    """
    park = make_organisation(kind=OrganisationKind.PARK)
    earlier = _park_assessment(park, 2024, version, companies_resident="84", companies_3star="9")
    residents = [_resident(park, earlier, rating) for rating in stars]
    cycle_services.close_cycle(earlier.cycle, admin)
    # The residents are made with stars and no answers: their frozen results, which a closed
    # year's count reads, carry the stars they stand for (as a rated result's would).
    for resident in residents:
        frozen = find_snapshot(resident, SnapshotKind.FROZEN, document=False)
        assert frozen is not None
        frozen.stars, frozen.rated = resident.stars or 0, True
    return park, earlier


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
    park, earlier = _closed_year(admin, 1, [2, 1])  # rcapp counts 0; the park typed 9
    assert _frozen_share(earlier) == Decimal("10.71")  # 9 / 84, v1's rule
    own = _park_assessment(park, 2025, 2, companies_resident="86")
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
    park, earlier = _closed_year(admin, 2, [3, 4, 1])  # rcapp counts 2; the park typed 9
    assert _frozen_share(earlier) == Decimal("2.38")  # 2 / 84, not the typed 9
    own = _park_assessment(park, 2025, 2, companies_resident="86")
    staff = make_user(park)
    db_session.commit()
    auth.login(staff.email)
    if lang == "en":
        client.get("/lang/en")
    assert _last_year_cell(client, own.id) == "2.38"
