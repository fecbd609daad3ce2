"""A condition still to be judged is 待判定 in the results workbook and the scorecard PDF too.

The result page marks a star condition that waits for the working group's statistics as 待判定
(not the company's failing); the workbook's 星级条件 sheet and the PDF's star table said
未满足 / Not met for the same condition (qa34 S8, S9). All three now read one word from
gate_words.result_word: 满足, 待判定 or 未满足.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment
from rcapp.assessments.views.gate_words import GateView
from rcapp.assessments.views.result_page import BandView
from rcapp.reports import data_results, documents
from rcapp.reports.data import ScorecardReport, build_scorecard_report
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world

WAITING = "工作组汇总中位数尚未发布，暂无法判定：OHS-01"
FAILING = "同行评审员 0 名（要求至少 2 名）"
COLON = {"zh": "：", "en": ": "}
WORDS = {
    "zh": ("满足", "待判定", "未满足"),
    "en": ("Met", "Not judged yet", "Not met"),
}


def _with_a_waiting_band(assessment: Assessment, lang: str) -> ScorecardReport:
    """The real report, its bands: 1 star met, 2 stars waiting only, 3 stars failing too."""
    report = build_scorecard_report(assessment, lang)
    met = GateView(True, "总分")
    bands = (
        BandView(1, "一", True, (met,)),
        BandView(2, "二", False, (met, GateView(False, WAITING, awaiting=True))),
        BandView(
            3, "三", False, (GateView(False, WAITING, awaiting=True), GateView(False, FAILING))
        ),
    )
    return replace(report, page=replace(report.page, bands=bands))


@pytest.fixture
def waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data_results, "build_scorecard_report", _with_a_waiting_band)
    monkeypatch.setattr(documents, "build_scorecard_report", _with_a_waiting_band)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_results_workbook_says_not_judged_yet_as_the_page_does(
    client: FlaskClient, db_session: Session, auth: AuthActions, waiting: None, lang: str
) -> None:
    world = make_review_world(1)
    db_session.commit()
    auth.login(world.secretariat.email)
    assessment = world.assessments[0]
    response = client.get(f"/reports/assessments/{assessment.id}/results.xlsx?lang={lang}")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    rows = [r for sheet in book for r in sheet.iter_rows(values_only=True) if len(r) == 4]
    results = {(r[0], r[2]): r[3] for r in rows if isinstance(r[0], int)}
    met, wait, failed = WORDS[lang]
    assert results[(2, WAITING)] == wait
    assert results[(3, WAITING)] == wait
    assert results[(3, FAILING)] == failed
    assert results[(1, "总分")] == met


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_scorecard_says_not_judged_yet_for_a_band_that_only_waits(
    app: Flask, db_session: Session, waiting: None, lang: str
) -> None:
    world = make_review_world(1)
    db_session.commit()
    with app.test_request_context():
        html = documents.scorecard_html(world.assessments[0], lang)
    table = html[html.index('id="gates"') :]
    table = table[: table.index("</table>")]
    cells = re.findall(r'<td class="nowrap (\w+)">([^<]*)</td>', table)
    met, wait, failed = WORDS[lang]
    assert cells == [("pass", met), ("wait", wait), ("fail", failed)]
    # each condition marked as the result page marks it: a band failing one condition while
    # another waits read both as not met
    three = re.sub(r"<[^>]+>", "", table.split("<tr>")[-1])
    assert f"{WORDS[lang][1]}{COLON[lang]}{WAITING}" in three
    assert f"{WORDS[lang][2]}{COLON[lang]}{FAILING}" in three
