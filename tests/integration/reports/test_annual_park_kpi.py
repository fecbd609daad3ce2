"""The annual figures count a park's three-star residents as its KPI page does (QA8 D1).

The KPI sheet showed the system count and the pooled sheet the typed figure the park's KPI
page says is not used: one fact, two numbers in one workbook.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus, KpiValue
from rcapp.organisations.models import OrganisationKind
from rcapp.reports.data_annual import build_annual_data
from rcapp.rubrics.registry import RubricRegistry
from tests.factories import make_assessment, make_organisation
from tests.integration.reports.industry_minimum import industry_of_one
from tests.parks import RUBRICS, rated_resident, real_cycle
from tests.parks import real_rubrics as real_rubrics  # the fixture

# pooling arithmetic over one or two organisations (industry_minimum)
__all__ = ["industry_of_one"]
pytestmark = pytest.mark.usefixtures("industry_of_one")


def test_pooled_and_kpi_sheets_use_the_system_count_not_the_typed_one(
    db_session: Session, real_rubrics: None
) -> None:
    registry = RubricRegistry(RUBRICS)
    park_rubric = registry.get("rc-park", 2)
    cycle = real_cycle()
    park = make_organisation(kind=OrganisationKind.PARK)
    rated_resident(park, cycle, 3)
    own = make_assessment(
        park,
        cycle,
        status=AssessmentStatus.SUBMITTED,
        rubric_id="rc-park",
        rubric_version=2,
        rubric_sha256=park_rubric.sha256,
    )
    # Typed: 6 of 10 residents (60 %); rcapp knows 1 resident with three stars: 10 %.
    for input_id, value in (("companies_resident", "10"), ("companies_3star", "6")):
        own.kpi_values.append(KpiValue(input_id=input_id, value=Decimal(value)))
    # A second park (one park alone would be its own figure, withheld): 10 residents, none
    # with three stars.
    other = make_assessment(
        make_organisation(kind=OrganisationKind.PARK),
        cycle,
        status=AssessmentStatus.SUBMITTED,
        rubric_id="rc-park",
        rubric_version=2,
        rubric_sha256=park_rubric.sha256,
    )
    for input_id, value in (("companies_resident", "10"), ("companies_3star", "0")):
        other.kpi_values.append(KpiValue(input_id=input_id, value=Decimal(value)))
    db_session.flush()

    with force_locale("zh_CN"):
        data = build_annual_data(cycle, "zh", lambda done, total: None)

    pooled = {(p.group, p.kpi_id): p.value for p in data.pooled}
    # (1 + 0) known three-star residents / (10 + 10) residents = 5 %, not (6 + 0) / 20
    assert pooled[("全部组织", "PK-RC-02")] == Decimal(5)
    column = next(i for i, k in enumerate(data.kpis) if k.kpi_id == "PK-RC-02")
    row = next(o for o in data.organisations if o.name == park.name_zh)
    figure = row.kpis[column]
    assert figure is not None
    assert figure.value == Decimal(10)
