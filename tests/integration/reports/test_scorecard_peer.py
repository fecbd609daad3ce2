"""The scorecard PDF carries the peer review: status, anonymised benchmark, findings, actions."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.benchmarks.disclosure import CONFIG_KEY
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.clock import beijing_today
from rcapp.reports.data import build_scorecard_report
from rcapp.reports.data_peer import PeerSection
from rcapp.reports.documents import scorecard_pdf
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import FindingKind, Review
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_all
from tests.pdf_tools import needs_poppler, pdf_text


def _finalised(world: ReviewWorld) -> Review:
    review = assign_all(world)[0]
    first = review.assignments[0]
    reviewing.add_finding(
        first,
        FindingKind.CORRECTIVE_ACTION,
        "演练评估报告缺签字",
        "C1.E1.1",
        "王工",
        dt.date(2026, 6, 30),
        first.reviewer,
    )
    reviewing.add_finding(
        first, FindingKind.STRENGTH, "承诺公开透明", None, "", None, first.reviewer
    )
    reviewing.add_finding(
        first,
        FindingKind.IMPROVEMENT,
        "承包商培训记录可更完整",
        "MS.G1.2",
        "",
        None,
        first.reviewer,
    )
    submit_all(review)
    settling.finalise_review(review, 30, world.lead)
    return review


def _pairs(rows: tuple[tuple[str, ...], ...]) -> dict[str, str]:
    return {row[0]: row[1] for row in rows}


def _titles(world: ReviewWorld, lang: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    report = build_scorecard_report(world.assessments[0], lang)
    return {s.title: s.rows for s in report.peer_sections}


def _benchmark(world: ReviewWorld, lang: str) -> PeerSection:
    report = build_scorecard_report(world.assessments[0], lang)
    return next(s for s in report.peer_sections if s.groups)


def test_a_final_review_brings_findings_actions_and_reviewers(db_session: Session) -> None:
    world = make_review_world(5)
    review = _finalised(world)
    compute_benchmarks(world.cycle, None)
    sections = _titles(world, "zh")
    assert list(sections) == ["同行评审", "同行对标", "评审发现", "须整改项"]
    status = _pairs(sections["同行评审"])
    assert status["评审状态"] == "已定级（最终星级）"
    assert status["评审方式"] == "现场评审"
    assert status["已提交评审意见的评审员"] == "2 名"
    late = (beijing_today() - dt.date(2026, 6, 30)).days  # open and past due: said (qa33 S5)
    status_text = f"待整改 · 已逾期 {late} 天" if late > 0 else "待整改"
    items = rubric_of(world.assessments[0]).item_index()
    action_item = f"C1.E1.1 {items['C1.E1.1'].prompt.get('zh')}"
    assert sections["须整改项"] == (
        (action_item, "演练评估报告缺签字", "王工", "2026-06-30", status_text),
    )
    # Findings name their item by code and prompt and their reviewer, as the final page
    # names them to the company (qa71 12b); a general finding says it is one.
    reviewer = review.assignments[0].reviewer.name  # no reading added in Chinese
    assert ("亮点", "总体（不限于单个评价项）", "承诺公开透明", reviewer) in sections["评审发现"]
    improvement = f"MS.G1.2 {items['MS.G1.2'].prompt.get('zh')}"
    assert ("改进机会", improvement, "承包商培训记录可更完整", reviewer) in sections["评审发现"]
    # The benchmark names the group, never another member.
    heading = f"{world.group.display_name('zh')}（工作组，5 家成员，其中 5 家有对标数据）"
    bench = next(g for g in _benchmark(world, "zh").groups if g.heading == heading)
    others = {c.display_name("zh") for c in world.companies[1:]}
    assert not any(name in cell for row in bench.rows for cell in row for name in others)

    english = _titles(world, "en")
    assert list(english) == [
        "Peer review",
        "Peer benchmark",
        "Findings",
        "Corrective action",
    ]
    assert _pairs(english["Peer review"])["Reviewers who submitted"] == "2"
    found = english["Findings"]
    strength = next(row for row in found if row[2] == "承诺公开透明")
    assert strength[:2] == ("Strength", "Overall (not one item)")
    assert strength[3].startswith(reviewer)  # with its reading where it has one, as on the page
    assert f"MS.G1.2 {items['MS.G1.2'].prompt.get('en')}" in {row[1] for row in found}
    heading = f"{world.group.display_name('en')} (working group, 5 members, 5 with benchmark data)"
    assert heading in [g.heading for g in _benchmark(world, "en").groups]


def test_without_a_review_the_card_says_it_is_self_assessed(db_session: Session) -> None:
    world = make_review_world(4)  # too small a group for statistics
    compute_benchmarks(world.cycle, None)
    sections = _titles(world, "zh")
    assert list(sections) == ["同行评审"]
    assert sections["同行评审"] == (("评审状态", "尚未安排同行评审，星级为自评结果。"),)


@needs_poppler
def test_the_pdf_gives_the_findings_back_in_both_languages(db_session: Session) -> None:
    world = make_review_world(5)
    review = _finalised(world)
    compute_benchmarks(world.cycle, None)
    text = pdf_text(scorecard_pdf(world.assessments[0], "zh"))
    for words in (
        "同行评审",
        "已定级（最终星级）",
        "现场评审",
        "同行对标",
        "演练评估报告缺签字",
        "王工",
        "2026-06-30",
        "承诺公开透明",
    ):
        assert words in text, words
    assert world.companies[1].display_name("zh") not in text
    english = pdf_text(scorecard_pdf(world.assessments[0], "en"))
    for words in (
        "Peer review",
        "On-site review",
        "Corrective action",
        "演练评估报告缺签字",
        "2026-06-30",
        "Overall (not one item)",
        "MS.G1.2",
    ):
        assert words in english, words
    reviewer = review.assignments[0].reviewer.name
    assert reviewer in english  # the web page named the reviewers; the PDF did not (qa71 12b)


@needs_poppler
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_benchmark_names_each_group_once_and_drops_withheld_columns(
    app: Flask, db_session: Session, lang: str
) -> None:
    """qa71 PDF 10: the group over its rows, not on all of them; no column of "不公开" only."""
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    app.config[CONFIG_KEY] = 5  # a group of 5 shows its quartiles
    shown = _benchmark(world, lang)
    assert len(shown.header) == 6
    assert shown.header[0] == ("指标" if lang == "zh" else "KPI")
    app.config[CONFIG_KEY] = 10  # too small a group for quartiles: both columns left out
    section = _benchmark(world, lang)
    group = section.groups[0]
    withheld = "不公开" if lang == "zh" else "Not disclosed"
    assert len(section.header) == 4
    assert group.rows
    rows = [row for g in section.groups for row in g.rows]
    assert all(len(row) == 4 for row in rows)
    assert not any(withheld in cell for row in rows for cell in row)
    words = pdf_text(scorecard_pdf(world.assessments[0], lang)).split()
    text = ("" if lang == "zh" else " ").join(words)  # Chinese lines break anywhere
    assert text.count(world.group.display_name(lang)) == 1
    why = (
        "各组成员均少于10家，因此不列出下四分位和上四分位两栏。"
        if lang == "zh"
        else "Every group has fewer than 10 members, so the lower and upper quartile columns"
    )
    assert why in text
    for header in ("本单位", "百分位", "中位数") if lang == "zh" else ("Median",):
        assert header in text
