"""The result page and the PDF scorecard say how the KPI performance score was reached, per
core KPI, and what would raise it (qa6 D8)."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from types import SimpleNamespace
from typing import cast

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments.views.kpi_ladder_words import score_text
from rcapp.scoring.rounding import score
from rcapp.scoring.scorecard import KpiLevel, KpiPerformanceScore, Scorecard
from tests.conftest import AuthActions
from tests.factories import make_world, submitted_assessment
from tests.pdf_tools import needs_poppler, pdf_text
from tests.scorecard_download import fetch_scorecard
from tests.web.helpers import page_text

WORDS = {
    "zh_CN": (
        "关键绩效指标得分如何得出",
        "关键绩效指标得分 = 各核心指标所在等级（0–4 级）的平均值 ÷ 4 × 100 = 1 ÷ 4 × 100 = 25.0。",
        "员工损失工时伤害率 OHS-03 1 / 4 已报送本年度数据，但还没有连续 3 年的数据："
        "本系统中缺 2023、2024 年度的数据 此后每年在本系统报送，最早 2027 年度可连续满 3 年，"
        "升至第 2 级。",
    ),
    "en": (
        "How the KPI performance score was reached",
        "KPI performance score = mean rung of the core KPIs (rungs 0–4) ÷ 4 × 100 "
        "= 1 ÷ 4 × 100 = 25.0.",
        "Employee LTIF OHS-03 1 / 4 reported this year, but not yet for 3 years in a row: "
        "no figures in this system for 2023, 2024 Report it in this system every year: the "
        "earliest year with 3 years in a row is 2027, which raises it to rung 2.",
    ),
}


def _plain(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_result_page_explains_each_core_kpis_rung(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}?next=/")
    page = page_text(client, f"/assessments/{assessment.id}/result")
    title, score, row = WORDS[lang]
    assert title in page
    shown = re.search(r'id="kpi-score-text">(.*?)</p>', page, re.S)
    assert shown is not None
    assert _plain(shown.group(1)) == score
    table = re.search(r'<table id="kpi-ladder">(.*?)</table>', page, re.S)
    assert table is not None
    assert row in _plain(table.group(1))


@needs_poppler
@pytest.mark.parametrize(("lang", "query"), [("zh_CN", "zh"), ("en", "en")])
def test_the_pdf_scorecard_explains_the_kpi_score(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, query: str
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    response = fetch_scorecard(client, assessment.id, query)
    assert response.status_code == 200
    text = " ".join(pdf_text(response.data).split())
    title, score, _row = WORDS[lang]
    assert title in text
    assert " ".join(score.split()) in text


def _card_with_rungs(rungs: list[int]) -> Scorecard:
    levels = tuple(KpiLevel(f"K{n}", rung, "") for n, rung in enumerate(rungs))
    total = Decimal(sum(rungs))
    performance = KpiPerformanceScore(levels, score(total / len(rungs) / 4 * 100))
    return cast(Scorecard, SimpleNamespace(kpi_performance=performance))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh_CN",
            "关键绩效指标得分 = 各核心指标所在等级（0–4 级）的平均值 ÷ 4 × 100 = 23 ÷ 14 ÷ 4 × 100 "
            "= 41.1（14 项核心指标的等级之和为 23，平均值约 1.643）。",
        ),
        (
            "en",
            "KPI performance score = mean rung of the core KPIs (rungs 0–4) ÷ 4 × 100 "
            "= 23 ÷ 14 ÷ 4 × 100 = 41.1 (the 14 core KPIs' rungs add up to 23, a mean of "
            "about 1.643).",
        ),
    ],
)
def test_the_working_line_reproduces_a_mean_that_is_not_exact(
    app: Flask, lang: str, expected: str
) -> None:
    # QA40 S1: 江北's 14 core KPIs at rungs adding up to 23 read "1.64 ÷ 4 × 100 = 41.1",
    # which gives 41.0; 23 / 14 / 4 x 100 = 41.07 → 41.1
    card = _card_with_rungs([3, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2])
    with app.test_request_context(), force_locale(lang):
        assert score_text(card) == expected
        # an exact mean keeps the short line: 6 ÷ 4 = 1.5 → 1.5 ÷ 4 × 100 = 37.5
        assert "= 1.5 ÷ 4 × 100 = 37.5" in (score_text(_card_with_rungs([1, 2, 1, 2])) or "")
