"""A scorecard's KPI row prints every year with one precision (QA52 M1).

The annual report decides a row's decimals over all the years it shows (figures.shared_places);
the scorecard PDF printed "12.5 … 10.71" (and "0 0 0 0.064") and the results workbook's KPI
sheet the same cells as 12.5 and 10.71. Both now print 12.50 beside 10.71.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from flask import Flask
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment
from rcapp.organisations.models import OrganisationKind
from rcapp.reports import documents
from tests.factories import make_organisation
from tests.parks import park_assessment, real_rubrics
from tests.pdf_tools import needs_poppler, pdf_text

__all__ = ["real_rubrics"]

SIGNED = {"zh": "入园企业责任关怀签署率", "en": "signed\nup to Responsible Care"}
SHEET = {"zh": "关键绩效指标", "en": "KPIs"}


def _park() -> Assessment:
    """A park whose signed share is 10.71 % in 2024 (9 of 84) and 12.5 % in 2025 (10 of 80)."""
    park = make_organisation(kind=OrganisationKind.PARK)
    park_assessment(park, 2024, 2, companies_resident="84", companies_signed="9")
    return park_assessment(park, 2025, 2, companies_resident="80", companies_signed="10")


@pytest.fixture
def own(db_session: Session, real_rubrics: None) -> Assessment:
    park = _park()
    db_session.commit()
    return park


@needs_poppler
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_scorecard_pdf_prints_a_kpi_row_with_one_precision(
    app: Flask, own: Assessment, lang: str
) -> None:
    with app.test_request_context():
        text = pdf_text(documents.scorecard_pdf(own, lang))
    start = text.index(SIGNED[lang], text.rindex("10.71") - 400)
    row = text[start : text.index("10.71", start) + len("10.71")].split()
    assert "12.50" in row  # 2025 beside 2024's 10.71, not 12.5


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_results_workbook_gives_the_row_one_number_format(
    app: Flask, own: Assessment, lang: str
) -> None:
    with app.test_request_context():
        book = openpyxl.load_workbook(io.BytesIO(documents.results_workbook(own, lang)))
    sheet = book.worksheets[[s.title for s in book.worksheets].index(SHEET[lang])]
    row = next(r for r in sheet.iter_rows() if r[0].value == "PK-RC-01")
    figures = [(c.value, c.number_format) for c in row[5:] if isinstance(c.value, float)]
    assert (12.5, "#,##0.00") in figures
    assert (10.71, "#,##0.00") in figures
