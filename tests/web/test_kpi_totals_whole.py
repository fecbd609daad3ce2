"""A total of measured quantities reads as the rest of the page writes figures: 154,560 tce,
not 154,560.0 (the KPI page and the result page); a real decimal stays (1,234.5 tce)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.organisations.models import OrganisationKind
from tests.conftest import AuthActions
from tests.web.helpers import page_text
from tests.web.test_kpi_units_and_formulas import _version_1
from tests.web.test_kpi_units_and_formulas import real_rubrics as real_rubrics  # the fixture


def _rs01_row(page: str) -> str:
    """RS-01's row (total energy consumption), on the KPI page or the result page."""
    marks = ('data-formula="energy_tce"', '<span class="item-id">RS-01</span>')
    return next(r for r in page.split("<tr") if "</td>" in r and any(m in r for m in marks))


@pytest.mark.usefixtures("real_rubrics")
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("typed", "shown"), [("154560", "154,560"), ("1234.5", "1,234.5")])
def test_a_whole_total_has_no_trailing_zero(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    typed: str,
    shown: str,
) -> None:
    assessment, email = _version_1(OrganisationKind.COMPANY, {"energy_tce": 0})
    assessment.kpi_values[0].value = Decimal(typed)
    db_session.commit()
    auth.login(email)
    client.get(f"/lang/{lang}")
    for url in (f"/assessments/{assessment.id}/kpis", f"/assessments/{assessment.id}/result"):
        row = _rs01_row(page_text(client, url))
        figures = re.findall(r"[0-9][0-9,]*(?:\.[0-9]+)?", re.sub(r"<[^>]+>", " ", row))
        assert shown in figures, (url, row)
        assert f"{shown}.0" not in row, (url, row)
