"""QA40 D2: the annual report's data-quality appendix says where the typed "1+3" partner
counts differ from the partner register (published as typed: the register may be incomplete)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from rcapp.organisations.models import OrganisationKind
from rcapp.reports.annual_model import PartnerCheck
from rcapp.reports.data_annual_report import build_annual_report
from tests.factories import make_organisation
from tests.integration.reports.industry_minimum import industry_of_one
from tests.integration.reports.test_annual_pooling import _cycle, _submitted, real_rubrics
from tests.integration.reports.test_annual_same_sample import _chapter, _page
from tests.web.test_partner_register_check import JOINED, add_partners

pytestmark = pytest.mark.usefixtures("industry_of_one")

__all__ = ["real_rubrics", "industry_of_one"]


def test_the_appendix_counts_the_organisations_whose_counts_differ(
    app: Flask, db_session: Session, real_rubrics: None
) -> None:
    cycle = _cycle(2025, 2)
    typed = {"partners_signed_year": 4, "partners_signed_total": 18}
    donghai, xiling, agreeing = (make_organisation(kind=OrganisationKind.COMPANY) for _ in range(3))
    _submitted(cycle, donghai, 2, typed)  # register: 3 (2023, 2023, 2024), none in 2025
    _submitted(cycle, xiling, 2, typed)  # register: none
    _submitted(cycle, agreeing, 2, {"partners_signed_year": 1, "partners_signed_total": 1})
    db_session.flush()
    add_partners(donghai, *JOINED)
    add_partners(agreeing, dt.date(2025, 2, 1))
    db_session.flush()
    report = build_annual_report(cycle, "zh")
    # typed: 4 + 4 + 1 = 9 this year, 18 + 18 + 1 = 37 in all; registered 0 + 0 + 1, 3 + 0 + 1
    assert report.partners == PartnerCheck(3, 2, Decimal(9), 1, Decimal(37), 4)
    chapter = _chapter(_page(app, report), report.chapters[8].anchor)
    assert (
        "“1+3”伙伴数：报送该数据的 3 家组织中，2 家的填报数与其在本系统的合作伙伴登记不一致"
        "（本年新签：填报合计 9 家，登记 1 家；累计：填报合计 37 家，登记 4 家）" in chapter
    )


def test_no_partner_counts_no_note(app: Flask, db_session: Session, real_rubrics: None) -> None:
    cycle = _cycle(2025, 2)
    _submitted(cycle, make_organisation(kind=OrganisationKind.COMPANY), 2, {"drills": 4})
    db_session.flush()
    report = build_annual_report(cycle, "zh")
    assert report.partners is None
    assert 'id="partner-check"' not in _page(app, report)
