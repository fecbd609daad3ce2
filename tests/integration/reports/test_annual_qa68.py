"""QA68 #9, #13-15: chapter 8 marks late submissions and explains a contested rating; a year
with no peer group of the minimum size says which stars no one could reach.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from flask import Flask, render_template
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment
from rcapp.organisations.models import OrganisationKind
from rcapp.reports.annual_model import AnnualReport, PeerReviewFrom, RatedOrg
from rcapp.reports.data_annual_report import build_annual_report
from tests.factories import make_organisation
from tests.integration.reports.test_annual_pooling import _cycle, _submitted, real_rubrics

__all__ = ["real_rubrics"]

LANGS = ("zh", "en")


def _report(db_session: Session, lang: str) -> AnnualReport:
    cycle = _cycle(2025, 2)
    company = make_organisation(kind=OrganisationKind.COMPANY)
    _submitted(cycle, company, 2, {})
    db_session.flush()
    (assessment,) = db_session.scalars(
        select(Assessment).where(Assessment.organisation_id == company.id)
    )
    assessment.submitted_late = True
    db_session.flush()
    return build_annual_report(cycle, lang)


def _page(app: Flask, report: AnnualReport, lang: str) -> str:
    with app.test_request_context(), force_locale("en" if lang == "en" else "zh_CN"):
        return render_template("reports/annual.html", report=report, print_css="")


def _note(page: str, anchor: str) -> str:
    return page.split(f'<p class="note" id="{anchor}">', 1)[1].split("</p>", 1)[0]


def test_a_late_submission_is_read_from_the_assessment(
    db_session: Session, real_rubrics: None
) -> None:
    report = _report(db_session, "zh")
    assert [o.late for o in report.data.organisations if o.submitted] == [True]


@pytest.mark.parametrize("lang", LANGS)
def test_chapter_8_marks_late_and_explains_a_contested_rating(
    app: Flask, db_session: Session, real_rubrics: None, lang: str
) -> None:
    report = _report(db_session, lang)
    late = RatedOrg("临海氯碱", "江苏", 1, Decimal("63.8"), False, "最终（自评）", late=True)
    contested = RatedOrg(
        "东海精细化工",
        "江苏",
        3,
        Decimal("82.5"),
        True,
        "最终（申诉成立，重新评审未完成）",
        contested=True,
    )
    closed = replace(report.data, provisional=False)
    page = _page(app, replace(report, data=closed, rated=(late, contested)), lang)
    marked = {"zh": "最终（自评）；逾期提交", "en": "最终（自评）; Submitted late"}[lang]
    assert f"<td>{marked}</td>" in page
    assert {"zh": "在本年度截止日期之后提交", "en": "after the year's deadline"}[lang] in _note(
        page, "rated-late"
    )
    assert {"zh": "年度关闭时重新评审尚未完成", "en": "not finished when the year was closed"}[
        lang
    ] in _note(page, "rated-contested")
    opened = _page(app, replace(report, rated=(contested,)), lang)  # the year is open
    assert {"zh": "“重新评审中”", "en": "“In review again”"}[lang] in _note(
        opened, "rated-contested"
    )
    plain = _page(app, replace(report, rated=(replace(late, late=False),)), lang)
    assert 'id="rated-late"' not in plain
    assert 'id="rated-contested"' not in plain


@pytest.mark.parametrize("lang", LANGS)
def test_no_peer_group_of_the_minimum_size_puts_the_compared_stars_out_of_reach(
    app: Flask, db_session: Session, real_rubrics: None, lang: str
) -> None:
    report = _report(db_session, lang)
    kinds = {"zh": ("企业", "化工园区"), "en": ("Company", "Chemical park")}[lang]
    assert report.out_of_reach == (PeerReviewFrom(kinds[0], 4), PeerReviewFrom(kinds[1], 4))
    note = _note(_page(app, report, lang), "out-of-reach")
    words = {
        "zh": ("没有同行组达到 5 家的最少成员数", "企业 4 星及以上、化工园区 4 星及以上"),
        "en": (
            "minimum of 5 members",
            "as their conditions compare KPIs with the peer group: company ratings of 4 stars"
            " and above, chemical park ratings of 4 stars and above.",
        ),
    }[lang]
    assert all(word in note for word in words), note
