"""Helpers for the KPI target pages' tests: a v2 company assessment, its author logged in."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment, KpiTarget
from rcapp.organisations.models import OrganisationKind
from tests.conftest import AuthActions
from tests.web.test_v2_pages import _v2_assessment


def target_author(db_session: Session, auth: AuthActions) -> Assessment:
    """Return a company's assessment on the v2 rubric (own targets), its author logged in.

    The test asks for the `real_rubrics` fixture (tests.web.test_v2_pages) too.
    """
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    db_session.commit()
    auth.login(email)
    return assessment


def ohs_target(assessment: Assessment, years_ahead: int = 1, **fields: Any) -> KpiTarget:
    """A target on OHS-01: 10 % down on last year by `years_ahead` years after this one."""
    year = assessment.cycle.year
    return KpiTarget(
        assessment=assessment,
        kpi_id="OHS-01",
        base_year=year - 1,
        deadline=year + years_ahead,
        change_pct=Decimal(-10),
        **fields,
    )
