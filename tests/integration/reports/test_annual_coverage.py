"""The annual report's data-quality annex: a KPI's share is out of those whose rubric has it."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus, KpiValue
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import OrganisationKind
from rcapp.reports.data_annual_report import build_annual_report
from tests.factories import make_assessment, make_cycle, make_organisation

RUBRICS = Path(__file__).resolve().parents[3] / "rubrics"


@pytest.fixture
def real_rubrics(app: Flask) -> Iterator[None]:
    before = app.config["RUBRICS_DIR"]
    app.config["RUBRICS_DIR"] = str(RUBRICS)
    with force_locale("zh_CN"):
        yield
    app.config["RUBRICS_DIR"] = before


def _submitted(cycle: ReportingCycle, kind: OrganisationKind, inputs: dict[str, int]) -> None:
    rubric_id = "rc-park" if kind is OrganisationKind.PARK else "rc-company"
    sha = hashlib.sha256((RUBRICS / rubric_id / "v2.yaml").read_bytes()).hexdigest()
    assessment = make_assessment(
        make_organisation(kind=kind),
        cycle,
        rubric_id=rubric_id,
        rubric_version=2,
        rubric_sha256=sha,
        status=AssessmentStatus.SUBMITTED,
        submitted_at=dt.datetime(2026, 1, 10, tzinfo=dt.UTC),
    )
    for input_id, value in inputs.items():
        assessment.kpi_values.append(KpiValue(input_id=input_id, value=Decimal(value)))


def test_park_kpis_count_parks_and_company_kpis_count_companies(
    db_session: Session, real_rubrics: None
) -> None:
    # Two companies and one park submitted; each reported one KPI of its own rubric. The
    # annex counted every KPI out of all three, so the park's KPI read 1 / 3 (33%).
    cycle = make_cycle(
        company_rubric_id="rc-company",
        company_rubric_version=2,
        park_rubric_id="rc-park",
        park_rubric_version=2,
    )
    _submitted(cycle, OrganisationKind.COMPANY, {"fatalities_employees": 0})
    _submitted(cycle, OrganisationKind.COMPANY, {})
    _submitted(cycle, OrganisationKind.PARK, {"open_days": 4})
    make_organisation(kind=OrganisationKind.PARK)  # not started: counts nowhere
    db_session.flush()

    report = build_annual_report(cycle, "zh")

    coverage = {row.name: (row.reported, row.of, row.pct) for row in report.coverage}
    assert coverage["员工死亡人数"] == (1, 2, 50)
    assert coverage["公众开放活动次数"] == (1, 1, 100)
    assert coverage["园区安全风险评分"] == (0, 1, 0)
