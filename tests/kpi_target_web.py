"""Helpers for the KPI target pages' tests: a v2 company assessment, its author logged in."""

from __future__ import annotations

from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment
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
