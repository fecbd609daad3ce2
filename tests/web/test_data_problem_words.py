"""The result page words data problems, targets and the v2 gates in the user's language."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_babel import force_locale

from rcapp.assessments.inputs import ReviewContext
from rcapp.assessments.snapshots import ShownScorecard
from rcapp.assessments.views.result_page import build_result_page
from rcapp.rubrics.registry import RubricRegistry
from rcapp.scorecards.answers import read_answers
from rcapp.scorecards.source import read_source
from rcapp.scoring import GateKind, Scorecard, score_assessment

ROOT = Path(__file__).resolve().parents[2]
RUBRIC = RubricRegistry(ROOT / "rubrics").get("rc-company", 2).rubric


def _shown(card: Scorecard) -> ShownScorecard:
    return ShownScorecard(card=card, review=ReviewContext(peer_reviewers=3))


def _card(name: str) -> Scorecard:
    answers = read_answers(read_source(ROOT / "examples" / name), RUBRIC)
    return score_assessment(RUBRIC, answers.inputs, answers.context)


def test_grade_below_figures_is_worded_in_chinese_and_english(app: Flask) -> None:
    card = _card("rc-company-grade-too-low.yaml")
    with app.test_request_context(), force_locale("zh"):
        [zh] = build_result_page(RUBRIC, _shown(card), "zh").data_problems
    with app.test_request_context(), force_locale("en"):
        [en] = build_result_page(RUBRIC, _shown(card), "en").data_problems

    assert zh.startswith("2025-08-20 的生产安全事故")
    assert "填报等级为“一般”" in zh
    assert "国务院令第493号定为“较大”事故" in zh
    # the rubric's words for the grades (general, larger...), as its event types say them
    assert "on 2025-08-20: entered as “General”" in en
    assert "“Larger” accident under Decree 493" in en


def test_register_mismatch_and_consistency_gate(app: Flask) -> None:
    card = _card("rc-company-deaths-only-in-kpi.yaml")
    with app.test_request_context(), force_locale("zh"):
        page = build_result_page(RUBRIC, _shown(card), "zh")
    band = next(b for b in page.bands if b.stars == 3)

    assert page.data_problems == (
        "KPI数据为 2，本年度事件登记为 0，两者不一致（死亡人数：KPI数据与事故登记）。",
    )
    assert any("1 个数据问题待解决" in g.text for g in band.gates if not g.passed)
    assert any(g.kind is GateKind.DATA_CONSISTENT for g in card.rating.bands[2].gates)
    with app.test_request_context(), force_locale("en"):
        page = build_result_page(RUBRIC, _shown(card), "en")
    band = next(b for b in page.bands if b.stars == 3)
    assert any(g.text.startswith("1 data problem to resolve") for g in band.gates)


def test_the_group_median_gate_lists_its_kpis_as_the_language_lists(app: Flask) -> None:
    card = _card("rc-company-five-star.yaml")
    gates = [g for b in card.rating.bands for g in b.gates]
    median = [
        g for g in gates if g.kind is GateKind.KPI_VS_GROUP_MEDIAN and "," in (g.subject or "")
    ]
    assert median, "a gate naming several KPIs"
    with app.test_request_context(), force_locale("en"):
        page = build_result_page(RUBRIC, _shown(card), "en")
    texts = [g.text for b in page.bands for g in b.gates if "median" in g.text]
    assert texts
    assert all(", " in t and "," not in t.replace(", ", "") for t in texts)
    with app.test_request_context(), force_locale("zh"):
        page = build_result_page(RUBRIC, _shown(card), "zh")
    assert any("、" in g.text for b in page.bands for g in b.gates if "中位数" in g.text)


def test_targets_show_progress(app: Flask) -> None:
    card = _card("rc-company-five-star.yaml")
    with app.test_request_context(), force_locale("zh"):
        page = build_result_page(RUBRIC, _shown(card), "zh")

    assert [t.kpi_id for t in page.targets] == ["EN-01", "RS-07", "EN-05"]
    assert all(t.on_track for t in page.targets)
    assert "已完成 80%，时间进度 50%" in page.targets[0].text
