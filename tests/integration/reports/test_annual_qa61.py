"""The annual report after QA61 (a communications officer read the 2023 and 2024 reports).

D1/D2: PS-03 read "0.17 0.18 -2.2 % / 同口径 0.174 → 0.170" and was counted 持平 in chapter 6.
m7: the first year's report pointed to a 较基准年 column it has not, and printed 无可比数据
as a count. m8: the same 2023 figure read 1.2 in one report and 1.20 in the next.
m9: 员工死亡人数 "0 1 持平（同口径 0 → 0）". m3/m4/m5/m13: words of the English report.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from flask import Flask, render_template
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.organisations.models import OrganisationKind
from rcapp.reports.annual_model import AnnualReport, PeerReviewFrom, RatedOrg, TrendRow
from rcapp.reports.data_annual_report import build_annual_report, is_steady
from tests.factories import make_cycle, make_organisation
from tests.integration.reports.test_annual_pooling import _cycle, _submitted, real_rubrics

__all__ = ["real_rubrics"]

LANGS = ("zh", "en")
HOURS = 4_000_000


def _report(db_session: Session, years: dict[int, list[dict[str, int]]], lang: str) -> AnnualReport:
    """One company per inputs of each year (the n-th company of every year is the same)."""
    most = max(len(rows) for rows in years.values())
    companies = [make_organisation(kind=OrganisationKind.COMPANY) for _ in range(most)]
    for year, rows in years.items():
        cycle = _cycle(year, 2)
        for company, inputs in zip(companies, rows, strict=False):
            _submitted(cycle, company, 2, inputs)
    db_session.flush()
    return build_annual_report(cycle, lang)


def _row(report: AnnualReport, kpi_id: str) -> TrendRow:
    return next(r for g in report.trends for r in g.rows if r.kpi_id == kpi_id)


def _page(app: Flask, report: AnnualReport, lang: str) -> str:
    with app.test_request_context(), force_locale("en" if lang == "en" else "zh_CN"):
        return render_template("reports/annual.html", report=report, print_css="")


def _cells(page: str, row: TrendRow) -> str:
    return page.split(f"<td>{row.name}</td>", 1)[1].split("</tr>", 1)[0]


def _ltif(hours: int) -> dict[str, int]:
    return {"lti_employees": 5, "hours_employees": hours}


@pytest.mark.parametrize(
    ("change", "base", "now", "steady"),
    [
        (Decimal("-2.2"), Decimal("0.174"), Decimal("0.170"), False),  # PS-03: both 0.17
        (Decimal("0.0"), Decimal("1000.0"), Decimal("1000.3"), True),  # rounds to no change
        (None, Decimal(0), Decimal(0), True),  # 0 → 0: no percentage, the figures decide
        (None, Decimal(0), Decimal("0.001"), False),  # from 0, however little
    ],
)
def test_one_rule_says_whether_a_pair_moved(
    change: Decimal | None, base: Decimal, now: Decimal, steady: bool
) -> None:
    assert is_steady(change, base, now) is steady


@pytest.mark.parametrize("lang", LANGS)
def test_a_change_hidden_by_rounding_is_counted_coloured_and_printed_at_one_precision(
    app: Flask, db_session: Session, real_rubrics: None, lang: str
) -> None:
    # LTIF 1.25 → 1.2460 (-0.3 %), both 1.25 at the KPI's two decimals: it was counted 持平
    years = {2024: [_ltif(HOURS)] * 3, 2025: [_ltif(4_012_840)] * 3}
    report = _report(db_session, years, lang)
    ltif = _row(report, "OHS-03")
    assert ltif.values[-2:] == (Decimal("1.25"), Decimal("1.25"))
    assert ltif.change_pct == Decimal("-0.3")
    assert ltif.improved is True
    assert not ltif.unchanged
    cells = _cells(_page(app, report, lang), ltif)
    assert 'class="num change pass"' in cells
    # the year columns at the like-for-like line's precision, not "1.25 1.25 / 1.250 → 1.246"
    assert '<td class="num">1.250</td><td class="num">1.246</td>' in cells
    assert "1.250 → 1.246" in cells
    # chapter 6 counts what chapter 5 colours
    safety = next(g for g in report.trends if ltif in g.rows)
    improved = [r for r in safety.rows if r.improved]
    assert ltif in improved
    bullet = f"{safety.title}{'：' if lang == 'zh' else ': '}{len(improved)}/"
    assert bullet in _page(app, report, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_rise_in_fatalities_is_said_on_the_row(
    app: Flask, db_session: Session, real_rubrics: None, lang: str
) -> None:
    # like for like 0 → 0 (the three companies of both years), one death at a fourth company
    safe = {**_ltif(HOURS), "fatalities_employees": 0}
    years = {2024: [safe] * 3, 2025: [safe] * 3 + [{**safe, "fatalities_employees": 1}]}
    report = _report(db_session, years, lang)
    deaths = _row(report, "OHS-01")
    assert deaths.unchanged
    assert deaths.improved is None
    assert deaths.rose_from == 0
    said = {
        "zh": "注意：全部报送组织 0 → 1，上升",
        "en": "Note: all reporting organisations 0 → 1, a rise",
    }[lang]
    cells = _cells(_page(app, report, lang), deaths)
    assert f'<small class="everyone-rose">{said}</small>' in cells
    # a rate where fewer is better that does not rise from 0 says nothing more
    assert _row(report, "OHS-03").rose_from is None


def test_a_kpi_prints_its_own_decimals_in_every_years_report(
    app: Flask, db_session: Session, real_rubrics: None
) -> None:
    # LTIF 1.2 (6 in 5,000,000 h), SO2 9 t, 0 deaths: one precision per KPI, not per year's data
    first = {"lti_employees": 6, "hours_employees": 5_000_000, "so2_t": 3, "production_t": 1000}
    first |= {"fatalities_employees": 0}
    report = _report(db_session, {2024: [first] * 3}, "zh")
    places = {kpi: _row(report, kpi).places for kpi in ("OHS-01", "OHS-03")}
    assert places == {"OHS-01": 0, "OHS-03": 2}
    assert report.data.places["OHS-03"] == 2  # the workbook's
    cells = _cells(_page(app, report, "zh"), _row(report, "OHS-03"))
    assert '<td class="num">1.20</td>' in cells


@pytest.mark.parametrize("lang", LANGS)
def test_the_first_years_report_points_to_no_missing_column_and_counts_as_counts(
    app: Flask, db_session: Session, real_rubrics: None, lang: str
) -> None:
    report = _report(db_session, {2024: [{**_ltif(HOURS), "so2_t": 3}] * 3}, lang)
    page = _page(app, report, lang)
    column = {"zh": "“较基准年”列", "en": "“vs base year” column"}[lang]
    assert column not in page
    # a park KPI no company is asked for: 0/0 in the 报送组织 column, as 2024's 1/1
    park = next(r for g in report.trends for r in g.rows if r.total == 0)
    cells = _cells(page, park)
    assert '<td class="num">0/0</td>' in cells
    assert ("无可比数据" if lang == "zh" else "no comparable data") not in cells


def test_the_english_report_uses_the_glossarys_words(
    app: Flask, db_session: Session, real_rubrics: None
) -> None:
    report = _report(db_session, {2024: [_ltif(HOURS)] * 3, 2025: [_ltif(HOURS)] * 3}, "en")
    page = _page(app, report, "en")
    assert "<h1>Responsible Care Annual Report 2025</h1>" in page
    assert "<title>Responsible Care Annual Report 2025" in page
    assert "recorded in the Responsible Care assessment system." in page
    assert "in rcapp" not in page
    assert "Section averages" not in page
    assert "Average scores by code of practice and management system" in page


@pytest.mark.parametrize("lang", LANGS)
def test_chapter_8_says_which_ratings_a_peer_review_confirmed(
    app: Flask, db_session: Session, real_rubrics: None, lang: str
) -> None:
    report = _report(db_session, {2024: [_ltif(HOURS)] * 3}, lang)
    assert report.reviewed_from == 2  # rc-company@2 and rc-park@2: peer review from two stars
    rated = RatedOrg("东海精细化工", "江苏", 2, Decimal("72.8"), False, "最终（自评）")
    page = _page(app, replace(report, rated=(rated,)), lang)
    note = page.split('<p class="note" id="rated-basis">', 1)[1].split("</p>", 1)[0]
    words = {
        "zh": ("2 星及以上须经同行评审", "本表不是标杆企业名单"),
        "en": ("Peer review is required from 2 stars", "not a list of benchmark companies"),
    }[lang]
    assert all(word in note for word in words)


@pytest.mark.parametrize("lang", LANGS)
def test_chapter_8_names_each_kinds_peer_review_stars_and_the_share_reviewed(
    app: Flask, db_session: Session, real_rubrics: None, lang: str
) -> None:
    """qa62 4: the fewest stars of any rubric was said for all (rc-company@1 asks from 3)."""
    cycle = make_cycle(
        year=2024,
        company_rubric_id="rc-company",
        company_rubric_version=1,
        park_rubric_id="rc-park",
        park_rubric_version=2,
    )
    _submitted(cycle, make_organisation(kind=OrganisationKind.COMPANY), 1, _ltif(HOURS))
    db_session.flush()
    report = build_annual_report(cycle, lang)
    kinds = {"zh": ("企业", "化工园区"), "en": ("Company", "Chemical park")}[lang]
    assert report.peer_review_from == (PeerReviewFrom(kinds[0], 3), PeerReviewFrom(kinds[1], 2))
    assert report.reviewed_from is None  # no one figure for both kinds

    rated = (
        RatedOrg("东海精细化工", "江苏", 3, Decimal("80.1"), True, "最终"),
        RatedOrg("西岭化工", "浙江", 2, Decimal("72.8"), False, "暂定"),
    )
    page = _page(app, replace(report, rated=rated), lang)
    note = page.split('<p class="note" id="rated-basis">', 1)[1].split("</p>", 1)[0]
    words = {
        "zh": "须经同行评审的星级：企业 3 星及以上、化工园区 2 星及以上。",
        "en": (
            "Peer review is required for company ratings of 3 stars and above, chemical park"
            " ratings of 2 stars and above."
        ),
    }[lang]
    assert words in note
    share = page.split('<p class="note" id="rated-confirmed">', 1)[1].split("</p>", 1)[0]
    assert (
        share
        == {
            "zh": "本表 2 个星级中，1 个已经同行评审确认（结果性质为“最终”）。",
            "en": "Of the 2 ratings in this table, peer review confirmed 1 (marked “Final”).",
        }[lang]
    )
