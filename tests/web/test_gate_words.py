"""Star conditions in words: a failed condition names what fails, never a part that is met."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask
from flask_babel import force_locale

from rcapp.assessments.inputs import ReviewContext
from rcapp.assessments.models import SnapshotKind
from rcapp.assessments.snapshots import ShownScorecard
from rcapp.assessments.views.gate_words import GateWords
from rcapp.assessments.views.result_page import build_result_page, gate_words_of
from rcapp.rubrics.model import EventGrade, Text
from rcapp.rubrics.registry import RubricRegistry
from rcapp.scorecards.answers import read_answers
from rcapp.scorecards.source import read_source
from rcapp.scoring import (
    ON_SITE,
    PEER_REVIEWERS,
    Gate,
    GateKind,
    GatePart,
    PartState,
    Scorecard,
    codec,
    score_assessment,
)
from rcapp.scoring.model import Event
from rcapp.scoring.vetoes import counted_until

ROOT = Path(__file__).resolve().parents[2]
RUBRIC = RubricRegistry(ROOT / "rubrics").get("rc-company", 2).rubric
FIVE_STAR = read_answers(read_source(ROOT / "examples" / "rc-company-five-star.yaml"), RUBRIC)
CARD = score_assessment(RUBRIC, FIVE_STAR.inputs, FIVE_STAR.context)
PROMPTS = {
    p.id: Text(zh=p.prompt.zh.rstrip("。"), en=p.prompt.en.strip().rstrip("."))
    for p in RUBRIC.prerequisites
}

MET, NOT_MET = PartState.MET, PartState.NOT_MET
TWO = Decimal(2)


def _peer(passed: bool, actual: int, required: int, *parts: GatePart) -> Gate:
    return Gate(GateKind.PEER_REVIEWED, passed, "", None, Decimal(required), Decimal(actual), parts)


def _median(passed: bool, reason: str = "", *parts: GatePart) -> Gate:
    return Gate(GateKind.KPI_VS_GROUP_MEDIAN, passed, reason, "OHS-03,OHS-04,PS-02", parts=parts)


MIXED = (
    GatePart("OHS-03", MET),
    GatePart("OHS-04", NOT_MET),
    GatePart("PS-02", PartState.NO_STATISTICS),
)
# What the engine wrote before gates carried parts (snapshots kept from then).
MIXED_REASON = (
    "OHS-03 0.43 at least as good as the median 1.1; OHS-04 3.5 worse than the median 2.4; "
    "PS-02: no group statistics"
)
MIXED_ZH = (
    "未达到工作组汇总中位数：OHS-04 承包商损失工时伤害率；"
    "工作组汇总中位数尚未发布，暂无法判定（由秘书处计算对标数据后发布；成员过少的工作组不发布）："
    "PS-02 一级工艺安全事件率"
)
MIXED_EN = (
    "Worse than the working group’s pooled median: OHS-04 Contractor lost-time injury "
    "frequency (LTIF); The working group’s pooled median is not published yet, so it cannot "
    "be judged (the secretariat publishes it with the benchmarks; a group with too few members "
    "gets none): PS-02 Tier 1 process safety event rate"
)

# (gate, Chinese, English, names of parts that are met and must not be named when it fails)
CASES = [
    pytest.param(
        _peer(False, 2, 2, GatePart(PEER_REVIEWERS, MET), GatePart(ON_SITE, NOT_MET)),
        "需现场评审（现为文审）",
        "Needs an on-site review (this one was a desk review)",
        id="desk-review-where-on-site-needed",
    ),
    pytest.param(
        _peer(False, 2, 2),
        "需现场评审（现为文审）",
        "Needs an on-site review (this one was a desk review)",
        id="desk-review-kept-before-parts",
    ),
    pytest.param(
        _peer(False, 0, 2, GatePart(PEER_REVIEWERS, NOT_MET), GatePart(ON_SITE, NOT_MET)),
        "同行评审员 0 名（要求至少 2 名，且须现场评审）",
        "Peer reviewers: 0 (at least 2 required, on site)",
        id="no-review-on-site-needed",
    ),
    pytest.param(
        _peer(False, 0, 1, GatePart(PEER_REVIEWERS, NOT_MET)),
        "同行评审员 0 名（要求至少 1 名）",
        "Peer reviewers: 0 (at least 1 required)",
        id="no-review",
    ),
    pytest.param(
        _peer(True, 2, 2, GatePart(PEER_REVIEWERS, MET), GatePart(ON_SITE, MET)),
        "现场评审，同行评审员 2 名（要求至少 2 名）",
        "On-site review, peer reviewers: 2 (at least 2 required)",
        id="on-site-review-met",
    ),
    pytest.param(
        _peer(True, 2, 1, GatePart(PEER_REVIEWERS, MET)),
        "同行评审员 2 名（要求至少 1 名）",
        "Peer reviewers: 2 (at least 1 required)",
        id="desk-review-met",
    ),
    pytest.param(_median(False, "", *MIXED), MIXED_ZH, MIXED_EN, id="median-mixed"),
    pytest.param(_median(False, MIXED_REASON), MIXED_ZH, MIXED_EN, id="median-kept-before-parts"),
    pytest.param(
        _median(
            False,
            "",
            GatePart("OHS-03", PartState.NO_VALUE),
            GatePart("OHS-04", MET),
            GatePart("PS-02", MET),
        ),
        "未报送数值，无法与工作组汇总中位数比较：OHS-03 员工损失工时伤害率",
        "Not reported, so not compared with the working group’s pooled median: "
        "OHS-03 Employee lost-time injury frequency (LTIF)",
        id="median-not-reported",
    ),
    pytest.param(
        _median(True, "", *(GatePart(k, MET) for k in ("OHS-03", "OHS-04", "PS-02"))),
        "指标 OHS-03 员工损失工时伤害率、OHS-04 承包商损失工时伤害率、"
        "PS-02 一级工艺安全事件率 均不差于工作组汇总中位数",
        "KPIs OHS-03 Employee lost-time injury frequency (LTIF), OHS-04 Contractor lost-time "
        "injury frequency (LTIF), PS-02 Tier 1 process safety event rate all no worse than the "
        "working group’s pooled median",
        id="median-met",
    ),
    pytest.param(
        Gate(
            GateKind.PREREQUISITES_MET,
            False,
            "",
            actual=Decimal(4),
            parts=(
                GatePart("P1", NOT_MET),
                GatePart("P2", NOT_MET),
                GatePart("P6", PartState.NO_VALUE),
            ),
        ),
        # each declined one named with its text, not only its number (qa34 S6)
        f"前置条件 P1（{PROMPTS['P1'].zh}）未满足；前置条件 P2（{PROMPTS['P2'].zh}）未满足；"
        "前置条件 P6 未满足：核心指标的 KPI 数据缺 4 项（见“KPI 数据”页），因此未评定",
        f"Prerequisite P1 not met ({PROMPTS['P1'].en}); Prerequisite P2 not met "
        f"({PROMPTS['P2'].en}); Prerequisite P6 not met: 4 core KPI figures missing "
        "(see the KPI data page), so not rated",
        id="prerequisites-declined-and-contradicted",
    ),
    pytest.param(
        Gate(
            GateKind.PREREQUISITES_MET,
            False,
            "",
            parts=(
                GatePart("P1", NOT_MET),
                GatePart("P2", PartState.UNANSWERED),
                GatePart("P3", PartState.UNANSWERED),
            ),
        ),
        f"前置条件 P1（{PROMPTS['P1'].zh}）未满足；前置条件 P2、P3 尚未作答（见“前置条件”页），"
        "因此未评定",
        f"Prerequisite P1 not met ({PROMPTS['P1'].en}); Prerequisites not answered yet: P2, P3 "
        "(see the Prerequisites page), so not rated",
        id="prerequisites-declined-and-unanswered",
    ),
    pytest.param(
        Gate(
            GateKind.PREREQUISITES_MET,
            False,
            "",
            parts=(GatePart("P1", PartState.UNANSWERED), GatePart("P2", PartState.UNANSWERED)),
        ),
        "前置条件 P1、P2 尚未作答（见“前置条件”页），因此未评定",
        "Prerequisites not answered yet: P1, P2 (see the Prerequisites page), so not rated",
        id="prerequisites-only-unanswered",
    ),
    pytest.param(
        Gate(GateKind.PREREQUISITES_MET, False, "prerequisites not met: P1 (not rated)"),
        "有前置条件未满足：未评定",
        "A prerequisite is not met: not rated",
        id="prerequisites-kept-before-parts",
    ),
]


def _words(app: Flask, gate: Gate, lang: str) -> str:
    with app.test_request_context(), force_locale(lang):
        return GateWords(RUBRIC, CARD, lang).gate(gate).text


@pytest.mark.parametrize(("gate", "zh", "en"), CASES)
def test_gate_reason_in_both_languages(app: Flask, gate: Gate, zh: str, en: str) -> None:
    assert _words(app, gate, "zh") == zh
    assert _words(app, gate, "en") == en


@pytest.mark.parametrize(("gate", "zh", "en"), CASES)
def test_a_failed_gate_never_names_a_part_that_is_met(
    app: Flask, gate: Gate, zh: str, en: str
) -> None:
    if gate.passed:
        return
    text = _words(app, gate, "zh")
    met = [p.subject for p in gate.parts if p.passed and p.subject not in (PEER_REVIEWERS,)]
    assert not any(subject in text for subject in met)
    # Enough reviewers: the count (which is met) is not given as the reason.
    if gate.kind is GateKind.PEER_REVIEWED and (gate.actual or 0) >= (gate.required or TWO):
        assert "同行评审员" not in text


def test_a_desk_reviewed_result_says_the_four_stars_need_an_on_site_review(app: Flask) -> None:
    context = dataclasses.replace(FIVE_STAR.context, peer_reviewers=2, onsite_review=False)
    card = score_assessment(RUBRIC, FIVE_STAR.inputs, context)
    shown = ShownScorecard(card=card, review=ReviewContext(peer_reviewers=2))
    with app.test_request_context(), force_locale("zh"):
        page = build_result_page(RUBRIC, shown, "zh")
    four = next(b for b in page.bands if b.stars == 4)
    failed = [g.text for g in four.gates if not g.passed]

    assert "需现场评审（现为文审）" in failed
    assert not any(text.startswith("同行评审员") for text in failed)
    assert "需现场评审（现为文审）" in page.why_not


def test_a_condition_waiting_for_the_groups_statistics_is_not_listed_as_failed(
    app: Flask,
) -> None:
    """qa9 S5: "工作组尚无汇总中位数，无法比较" stood under the conditions still to meet."""
    context = dataclasses.replace(FIVE_STAR.context, group_stats={})
    card = score_assessment(RUBRIC, FIVE_STAR.inputs, context)
    shown = ShownScorecard(card=card, review=ReviewContext(peer_reviewers=2))
    with app.test_request_context(), force_locale("zh"):
        page = build_result_page(RUBRIC, shown, "zh", 2025)
    assert page.awaiting
    assert all(
        t.startswith(
            ("2025 年度工作组汇总中位数尚未发布，暂无法判定", "2025 年度工作组汇总统计尚未发布")
        )
        for t in page.awaiting
    )
    assert not any("中位数" in text for text in page.blockers)
    four = next(b for b in page.bands if b.stars == 4)
    assert any(g.awaiting and not g.passed for g in four.gates)  # shown as 待判定, not ✘
    with app.test_request_context(), force_locale("en"):
        english = build_result_page(RUBRIC, shown, "en", 2025)
    assert english.awaiting[0].startswith(
        "The working group’s 2025 pooled median is not published yet, so it cannot be judged"
    )


PARK = RubricRegistry(ROOT / "rubrics").get("rc-park", 2).rubric


@pytest.mark.parametrize(
    ("required", "zh", "en"),
    [
        (
            60,
            "园区安全风险等级不是A级（评分不低于60分）：78（要求 60）",
            "Park safety-risk grade not A (score 60 or more): 78 (required: 60)",
        ),
        (
            70,
            "园区安全风险等级为C级或D级（评分不低于70分）：78（要求 70）",
            "Park safety-risk grade C or D (score 70 or more): 78 (required: 70)",
        ),
        (
            85,
            "园区安全风险等级为D级（评分不低于85分）：78（要求 85）",
            "Park safety-risk grade D (score 85 or more): 78 (required: 85)",
        ),
    ],
)
def test_a_kpi_threshold_is_labelled_by_its_own_condition(
    app: Flask, required: int, zh: str, en: str
) -> None:
    # qa17 S6: every band's PK-SR-01 condition read "not A (60 or more): 78 (required: 85)".
    gate = Gate(GateKind.KPI_THRESHOLD, False, "", "PK-SR-01", Decimal(required), Decimal(78))
    words = {}
    for lang in ("zh", "en"):
        with app.test_request_context(), force_locale(lang):
            words[lang] = GateWords(PARK, CARD, lang).gate(gate).text
    assert words["zh"] == zh
    assert words["en"] == en


@pytest.mark.parametrize(
    ("lang", "event", "until"),
    [
        # enwords 5: the event follows the veto's sentence, not in a bracket after its title's
        ("zh", "本周期不得星；事件：{date} 生产安全事故；", "{until} 及以后提交的自评不再受其否决"),
        ("en", "cycle; event: {date} Production-safety accident; ", "on or after {until} are no"),
    ],
)
def test_a_veto_names_its_event_and_when_it_no_longer_counts(
    app: Flask, lang: str, event: str, until: str
) -> None:
    """qa34 S5: the veto said which rule, not which event, nor when it stops counting."""
    day = FIVE_STAR.context.assessment_date - dt.timedelta(days=100)
    accident = Event("safety_accident", day, EventGrade.LARGER, fatalities=3)
    inputs = dataclasses.replace(FIVE_STAR.inputs, events=(accident,))
    card = score_assessment(RUBRIC, inputs, FIVE_STAR.context)
    hit = card.rating.vetoes[0]
    rule = next(v for v in RUBRIC.rating.vetoes if v.id == hit.rule_id)
    shown = ShownScorecard(card=card, review=ReviewContext(peer_reviewers=2))
    with app.test_request_context(), force_locale(lang):
        page = build_result_page(RUBRIC, shown, lang)
    vetoes = [g for b in page.bands for g in b.gates if not g.passed and g.page == "events"]
    assert vetoes
    text = vetoes[0].text
    assert event.format(date=day.isoformat()) in text
    assert until.format(until=counted_until(rule, day).isoformat()) in text
    assert counted_until(rule, day) > FIVE_STAR.context.assessment_date


def test_a_failed_prerequisite_links_the_prerequisites_page(app: Flask) -> None:
    """qa34 S6: the failed prerequisite is named with its text and its page is one click away."""
    gate = next(
        g for b in CARD.rating.bands for g in b.gates if g.kind is GateKind.PREREQUISITES_MET
    )
    failed = dataclasses.replace(gate, passed=False, parts=(GatePart("P3", NOT_MET),))
    with app.test_request_context(), force_locale("zh"):
        view = GateWords(RUBRIC, CARD, "zh").gate(failed)
    assert view.page == "prerequisites"
    assert view.text.startswith(f"前置条件 P3（{PROMPTS['P3'].zh}）未满足")


def test_a_prerequisite_the_kpi_data_decide_links_the_kpi_page(app: Flask) -> None:
    """QA36 S2: P6 is 未满足 for missing KPI data: "查看前置条件" showed P6 answered 是."""
    gate = next(
        g for b in CARD.rating.bands for g in b.gates if g.kind is GateKind.PREREQUISITES_MET
    )
    by_data = dataclasses.replace(
        gate, passed=False, actual=Decimal(3), parts=(GatePart("P6", PartState.NO_VALUE),)
    )
    both = dataclasses.replace(by_data, parts=(GatePart("P3", NOT_MET), *by_data.parts))
    with app.test_request_context(), force_locale("zh"):
        only_data = GateWords(RUBRIC, CARD, "zh").gate(by_data)
        mixed = GateWords(RUBRIC, CARD, "zh").gate(both)
    assert (only_data.page, only_data.kpi_data) == ("kpis", False)
    assert (mixed.page, mixed.kpi_data) == ("prerequisites", True)


def test_the_top_quartile_condition_waits_without_statistics_as_the_median_one(
    app: Flask,
) -> None:
    """qa40 S2: "✘ 0 项核心指标位于前四分之一（要求 3 项）" while no statistics existed at all."""
    context = dataclasses.replace(FIVE_STAR.context, group_stats={})
    card = score_assessment(RUBRIC, FIVE_STAR.inputs, context)
    shown = ShownScorecard(card=card, review=ReviewContext(peer_reviewers=2))
    with app.test_request_context(), force_locale("zh"):
        page = build_result_page(RUBRIC, shown, "zh", 2025)
    five = next(b for b in page.bands if b.stars == 5)
    quartile = next(g for g in five.gates if "前四分之一" in g.text)
    assert (quartile.passed, quartile.awaiting) == (False, True)  # 待判定, not ✘
    assert quartile.text == (
        "2025 年度工作组汇总统计尚未发布，暂无法判定核心指标是否位于前四分之一"
        "（要求 3 项；由秘书处计算对标数据后发布；成员过少的工作组不发布）"
    )
    with app.test_request_context(), force_locale("en"):
        english = build_result_page(RUBRIC, shown, "en", 2025)
    five = next(b for b in english.bands if b.stars == 5)
    quartile = next(g for g in five.gates if "top quartile" in g.text)
    assert quartile.awaiting
    assert quartile.text.startswith(
        "The working group’s 2025 pooled statistics are not published yet"
    )


def _quartile(actual: int, *states: PartState) -> Gate:
    parts = tuple(GatePart(f"K{n}", state) for n, state in enumerate(states))
    return Gate(GateKind.KPIS_TOP_QUARTILE, False, "", None, Decimal(3), Decimal(actual), parts)


def test_the_top_quartile_condition_waits_only_while_it_can_still_be_met(app: Flask) -> None:
    no_stats = PartState.NO_STATISTICS
    with app.test_request_context(), force_locale("zh"):
        words = GateWords(RUBRIC, CARD, "zh", 2025)
        # one in the top quartile, two without statistics: three may still be reached
        waiting = words.gate(_quartile(1, MET, no_stats, no_stats, NOT_MET))
        assert waiting.awaiting
        assert waiting.text.startswith(
            "1 项核心指标位于前四分之一（要求 3 项）；其余核心指标的 2025"
        )
        # one, one without statistics, the rest below: three cannot be reached: ✘ as before
        failed = words.gate(_quartile(1, MET, no_stats, NOT_MET, NOT_MET))
        assert not failed.awaiting
        assert failed.text == "1 项核心指标位于前四分之一（要求 3 项）"
        # a closed year waits for nothing
        closed = GateWords(RUBRIC, CARD, "zh", 2025, closed=True).gate(
            _quartile(0, no_stats, no_stats, no_stats)
        )
        assert (closed.awaiting, closed.text) == (False, "0 项核心指标位于前四分之一（要求 3 项）")


def _stored_before_quartile_parts(card: Scorecard) -> Scorecard:
    """`card` as stored before the top-quartile condition kept its KPIs' states."""
    document = codec.encode(card)
    for band in document["scorecard"]["rating"]["bands"]:
        for gate in band["gates"]:
            if gate["kind"] == GateKind.KPIS_TOP_QUARTILE.value:
                del gate["parts"]
    return codec.loads(json.dumps(document))


def test_an_old_stored_top_quartile_condition_is_not_read_as_none_in_the_top_quartile(
    app: Flask,
) -> None:
    """Results stored before the condition recorded its parts read "✘ 0 项核心指标位于前
    四分之一" until recomputed, where the 0 may be KPIs without statistics: it is unknown."""
    context = dataclasses.replace(FIVE_STAR.context, group_stats={})
    stored = _stored_before_quartile_parts(score_assessment(RUBRIC, FIVE_STAR.inputs, context))
    shown = ShownScorecard(card=stored, review=ReviewContext(peer_reviewers=2))
    expected = {
        "zh": "尚未判定核心指标是否位于前四分之一（要求 3 项）：本结果保存时未记录各项核心指标的"
        "判定，重新计算后显示",
        "en": "Not judged yet whether the core KPIs are in the top quartile (3 required): "
        "this result was stored without each core KPI’s judgement; it shows once recomputed",
    }
    for lang, text in expected.items():
        with app.test_request_context(), force_locale(lang):
            page = build_result_page(RUBRIC, shown, lang, 2025)
        five = next(b for b in page.bands if b.stars == 5)
        quartile = next(g for g in five.gates if g.text == text)
        assert (quartile.passed, quartile.awaiting) == (False, True)  # 待判定, not ✘
        assert not any(t.startswith(("0 项", "0 core")) for t in page.blockers)
    # one counted in the top quartile then: that count stands, the rest is unknown
    some = dataclasses.replace(_quartile(1), parts=())
    with app.test_request_context(), force_locale("zh"):
        view = GateWords(RUBRIC, stored, "zh", 2025).gate(some)
        assert view.awaiting
        assert view.text.startswith("1 项核心指标位于前四分之一（要求 3 项）；其余核心指标尚未判定")
        closed = GateWords(RUBRIC, stored, "zh", 2025, closed=True).gate(_quartile(0))
        assert (closed.awaiting, closed.text) == (
            False,
            "位于前四分之一的核心指标不足 3 项（本结果保存时未记录各项核心指标的判定）",
        )
    with app.test_request_context(), force_locale("en"):
        closed = GateWords(RUBRIC, stored, "en", 2025, closed=True).gate(_quartile(0))
        assert "0 " not in closed.text


@pytest.mark.parametrize(("lang", "said"), [("zh", "同行评审员"), ("en", "Peer reviewers")])
def test_a_condition_not_judged_yet_is_not_also_a_reason(app: Flask, lang: str, said: str) -> None:
    """QA46 S6: "Peer reviewers: 0" stood under "why not yet" and under "still to be judged"."""
    context = dataclasses.replace(FIVE_STAR.context, peer_reviewers=0)
    card = score_assessment(RUBRIC, FIVE_STAR.inputs, context)
    assert any(g.kind is GateKind.PEER_REVIEWED for g in card.rating.binding)
    shown = ShownScorecard(card=card, review=ReviewContext(peer_reviewers=0))
    with app.test_request_context(), force_locale(lang):
        page = build_result_page(RUBRIC, shown, lang, 2025)
    assert any(said in text for text in page.awaiting)
    assert not any(said in text for text in page.why_not)
    assert not set(page.why_not) & set(page.awaiting)


PARK_RUBRIC = RubricRegistry(ROOT / "rubrics").get("rc-park", 2).rubric


@pytest.mark.parametrize(
    ("lang", "median", "quartile"),
    [
        (
            "zh",
            "未达到全部园区汇总中位数：OHS-04；2025 年度全部园区汇总中位数尚未发布，暂无法判定"
            "（由秘书处计算对标数据后发布；参评园区过少时不发布）：PS-02",
            "2025 年度全部园区汇总统计尚未发布，暂无法判定核心指标是否位于前四分之一"
            "（要求 3 项；由秘书处计算对标数据后发布；参评园区过少时不发布）",
        ),
        (
            "en",
            "Worse than the pooled median of all parks: OHS-04; The 2025 pooled median of all "
            "parks is not published yet, so it cannot be judged (the secretariat publishes it "
            "with the benchmarks; none when too few parks take part): PS-02",
            "The 2025 pooled statistics of all parks are not published yet, so "
            "whether the core KPIs are in the top quartile is not known (required: 3; the "
            "secretariat publishes them with the benchmarks; none when too few parks take part)",
        ),
    ],
)
def test_a_park_is_told_it_is_compared_with_all_parks_not_a_working_group(
    app: Flask, lang: str, median: str, quartile: str
) -> None:
    """qa51 #3: a park waited for "the working group's median", which the parks group never
    publishes; parks are compared with all parks (benchmarks.services.known_ladder_stats)."""
    with app.test_request_context(), force_locale(lang):
        words = GateWords(PARK_RUBRIC, CARD, lang, year=2025)
        said_median = words.gate(_median(False, "", *MIXED)).text
        said_quartile = words.gate(_quartile(0, *[PartState.NO_STATISTICS] * 3)).text
    assert said_median == median  # codes only: OHS-04 is not a park KPI, so no name
    assert said_quartile == quartile
    assert "工作组" not in said_median + said_quartile


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        (
            SnapshotKind.FROZEN,
            "2025 年度工作组未发布汇总中位数（成员过少的工作组不发布），无法比较：PS-02",
        ),
        (SnapshotKind.SELF, "2025 年度工作组汇总中位数尚未发布，暂无法判定"),
    ],
)
def test_the_shared_words_of_a_shown_result_say_a_closed_year_waits_for_nothing(
    app: Flask, kind: SnapshotKind, said: str
) -> None:
    """qa55 #3: the annual workbook words a frozen result as the result page (one factory)."""
    shown = ShownScorecard(CARD, ReviewContext(), kind, dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    gate = _median(False, "", GatePart("PS-02", PartState.NO_STATISTICS))
    with app.test_request_context(), force_locale("zh"):
        view = gate_words_of(RUBRIC, shown, "zh", 2025).gate(gate)
    assert view.text.startswith(said)
    assert view.awaiting is (kind is not SnapshotKind.FROZEN)
