"""Star conditions (gates) in words, in the page's language, for pages and documents.

The engine's reasons are English sentences for logs; every gate also carries its kind,
subject, numbers and parts, so the result page, the PDF and the annual workbook word it
here (Chinese msgids, English catalogue). A failed gate names the part that fails, never
one that is met.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from rcapp.assessments.event_names import type_names
from rcapp.assessments.event_register import EventPlaces
from rcapp.assessments.group_stats_hook import MissingStats
from rcapp.assessments.messages import N_, _
from rcapp.assessments.rating_words import rating_read, veto_condition
from rcapp.assessments.review_hook import ReviewUnderway
from rcapp.assessments.views import data_problems as problems
from rcapp.figures import figure_text
from rcapp.rubrics.model import KpiThreshold, Rubric, RubricKind, VetoRule
from rcapp.scoring import (
    ON_SITE,
    PEER_REVIEWERS,
    Gate,
    GateKind,
    GatePart,
    GateReach,
    PartState,
    Scorecard,
)
from rcapp.scoring.ceiling import rectifiable
from rcapp.scoring.scorecard import GATE_REACH, VetoHit
from rcapp.scoring.vetoes import counted_until

# A failed condition's page on the assessment, by the gate's kind (GateView.page); a
# condition worded with why the group has no statistics links the benchmark page instead.
_GATE_PAGES = {GateKind.PREREQUISITES_MET: "prerequisites", GateKind.VETO: "events"}


@dataclass(frozen=True)
class GateView:
    passed: bool
    text: str
    awaiting: bool = False  # not failed: waits for the group's statistics (awaits_statistics)
    # The assessment's page where a failed condition is seen to ("prerequisites", "events",
    # "kpis"): the result page links it beside the words (qa34 S6); documents print the
    # words only. A prerequisite the KPI data decide (P6) is seen to on the KPI page (QA36 S2).
    page: str = ""
    # A failed prerequisites condition that also names one the KPI data decide: the KPI
    # page is linked besides the prerequisites page.
    kpi_data: bool = False

    @property
    def result(self) -> str:
        """满足, 待判定 or 未满足: how the result page and the PDF mark this condition."""
        return result_word(self.passed, self.awaiting)


def result_word(passed: bool, awaiting: bool) -> str:
    """Word a condition's or a band's result, three ways as the result page marks it.

    满足 (met), 待判定 (not judged yet: waits for the group's statistics, not the company's
    failing) or 未满足 (not met). The PDF and the results workbook read it from here (qa34 S8).
    """
    if passed:
        return _("满足")
    if awaiting:
        return _("待判定")
    return _("未满足")


@dataclass(frozen=True)
class _PeerWords:
    """The median and top-quartile conditions' sentences, naming whom the KPIs are compared with.

    A company is compared with its working group, a park with all parks of the year
    (benchmarks.services.known_ladder_stats): the park's pages must not send it looking for a
    working-group median that the parks group never publishes (qa51 #3).
    """

    # A failed median condition, one sentence per way its KPIs fall short. Missing statistics
    # are not the organisation's failing: the secretariat computes them for the year (qa9 S5).
    median_short: dict[PartState, str]
    awaited_in_year: str
    # A closed year's frozen result: statistics missing now never come (the close computed
    # them first), so the condition is not met rather than waiting (QA17 D6).
    none_in_closed_year: str
    # A top-quartile condition whose KPIs have no statistics yet: not judged (qa40 S2).
    quartile_none_in_year: str
    quartile_none: str
    quartile_some_in_year: str
    quartile_some: str
    all_met: str
    not_all_met: str
    # A median condition worded with the benchmark pages' reason for the missing statistics
    # (MissingStats), open year or closed: the reason says whether they may still come.
    median_why: str = ""


_WORKING_GROUP = _PeerWords(
    median_short={
        PartState.NOT_MET: N_("未达到工作组汇总中位数：%(kpis)s"),
        PartState.NO_STATISTICS: N_(
            "工作组汇总中位数尚未发布，暂无法判定（由秘书处计算对标数据后发布；成员过少的工作组不发布）：%(kpis)s"
        ),
        PartState.NO_VALUE: N_("未报送数值，无法与工作组汇总中位数比较：%(kpis)s"),
    },
    awaited_in_year=N_(
        "%(year)s 年度工作组汇总中位数尚未发布，暂无法判定"
        "（由秘书处计算对标数据后发布；成员过少的工作组不发布）：%(kpis)s"
    ),
    none_in_closed_year=N_(
        "%(year)s 年度工作组未发布汇总中位数（成员过少的工作组不发布），无法比较：%(kpis)s"
    ),
    quartile_none_in_year=N_(
        "%(year)s 年度工作组汇总统计尚未发布，暂无法判定核心指标是否位于前四分之一"
        "（要求 %(required)s 项；由秘书处计算对标数据后发布；成员过少的工作组不发布）"
    ),
    quartile_none=N_(
        "工作组汇总统计尚未发布，暂无法判定核心指标是否位于前四分之一"
        "（要求 %(required)s 项；由秘书处计算对标数据后发布；成员过少的工作组不发布）"
    ),
    quartile_some_in_year=N_(
        "%(actual)s 项核心指标位于前四分之一（要求 %(required)s 项）；其余核心指标的 %(year)s "
        "年度工作组汇总统计尚未发布，暂无法判定（由秘书处计算对标数据后发布；成员过少的工作组不发布）"
    ),
    quartile_some=N_(
        "%(actual)s 项核心指标位于前四分之一（要求 %(required)s 项）；其余核心指标的工作组汇总统计"
        "尚未发布，暂无法判定（由秘书处计算对标数据后发布；成员过少的工作组不发布）"
    ),
    all_met=N_("指标 %(kpis)s 均不差于工作组汇总中位数"),
    not_all_met=N_("指标 %(kpis)s 未全部达到工作组汇总中位数"),
    median_why=N_("无法与工作组汇总中位数比较：%(kpis)s（%(why)s）"),
)

_ALL_PARKS = _PeerWords(
    median_short={
        PartState.NOT_MET: N_("未达到全部园区汇总中位数：%(kpis)s"),
        PartState.NO_STATISTICS: N_(
            "全部园区汇总中位数尚未发布，暂无法判定（由秘书处计算对标数据后发布；参评园区过少时不发布）：%(kpis)s"
        ),
        PartState.NO_VALUE: N_("未报送数值，无法与全部园区汇总中位数比较：%(kpis)s"),
    },
    awaited_in_year=N_(
        "%(year)s 年度全部园区汇总中位数尚未发布，暂无法判定"
        "（由秘书处计算对标数据后发布；参评园区过少时不发布）：%(kpis)s"
    ),
    none_in_closed_year=N_(
        "%(year)s 年度未发布全部园区汇总中位数（参评园区过少时不发布），无法比较：%(kpis)s"
    ),
    quartile_none_in_year=N_(
        "%(year)s 年度全部园区汇总统计尚未发布，暂无法判定核心指标是否位于前四分之一"
        "（要求 %(required)s 项；由秘书处计算对标数据后发布；参评园区过少时不发布）"
    ),
    quartile_none=N_(
        "全部园区汇总统计尚未发布，暂无法判定核心指标是否位于前四分之一"
        "（要求 %(required)s 项；由秘书处计算对标数据后发布；参评园区过少时不发布）"
    ),
    quartile_some_in_year=N_(
        "%(actual)s 项核心指标位于前四分之一（要求 %(required)s 项）；其余核心指标的 %(year)s "
        "年度全部园区汇总统计尚未发布，暂无法判定（由秘书处计算对标数据后发布；参评园区过少时不发布）"
    ),
    quartile_some=N_(
        "%(actual)s 项核心指标位于前四分之一（要求 %(required)s 项）；"
        "其余核心指标的全部园区汇总统计尚未发布，暂无法判定（由秘书处计算对标数据后发布；参评园区过少时不发布）"
    ),
    all_met=N_("指标 %(kpis)s 均不差于全部园区汇总中位数"),
    not_all_met=N_("指标 %(kpis)s 未全部达到全部园区汇总中位数"),
    median_why=N_("无法与全部园区汇总中位数比较：%(kpis)s（%(why)s）"),
)


# A top-quartile condition whose KPIs lack statistics, with the benchmark pages' reason.
_QUARTILE_NONE_WHY = N_("无法判定核心指标是否位于前四分之一（要求 %(required)s 项；%(why)s）")
_QUARTILE_SOME_WHY = N_(
    "%(actual)s 项核心指标位于前四分之一（要求 %(required)s 项）；其余核心指标无法判定（%(why)s）"
)

# A top-quartile condition stored before it recorded each core KPI's state (its parts):
# its count of 0 may be KPIs without statistics, so it is not read as "0 项" (pagesfix3).
_QUARTILE_UNRECORDED = N_(
    "尚未判定核心指标是否位于前四分之一（要求 %(required)s 项）："
    "本结果保存时未记录各项核心指标的判定，重新计算后显示"
)
_QUARTILE_SOME_UNRECORDED = N_(
    "%(actual)s 项核心指标位于前四分之一（要求 %(required)s 项）；其余核心指标尚未判定："
    "本结果保存时未记录各项核心指标的判定，重新计算后显示"
)
_QUARTILE_UNRECORDED_CLOSED = N_(
    "位于前四分之一的核心指标不足 %(required)s 项（本结果保存时未记录各项核心指标的判定）"
)


def unrecorded_quartile(gate: Gate, card: Scorecard) -> bool:
    """Whether a failed top-quartile condition was stored without its core KPIs' states.

    The engine records one part per core KPI; none beside core KPIs in the scorecard is a
    result stored before parts were kept, whose KPIs may have had no statistics.
    """
    return (
        gate.kind is GateKind.KPIS_TOP_QUARTILE
        and not gate.passed
        and not gate.parts
        and any(k.core for k in card.kpis)
    )


def awaits_statistics(gate: Gate) -> bool:
    """Whether a failed gate only waits for the group's statistics: nothing failed yet.

    A top-quartile condition waits while the KPIs without statistics could still make up
    the count (qa40 S2: "0 项核心指标位于前四分之一" where no statistics exist at all).
    """
    states = [p.state for p in gate.parts]
    if gate.passed or PartState.NO_STATISTICS not in states:
        return False
    if gate.kind is GateKind.KPIS_TOP_QUARTILE:
        open_ = sum(1 for s in states if s in (PartState.MET, PartState.NO_STATISTICS))
        return gate.required is not None and open_ >= gate.required
    return gate.kind is GateKind.KPI_VS_GROUP_MEDIAN and set(states) <= {
        PartState.NO_STATISTICS,
        PartState.MET,
    }


class CapWords:
    """Word the gates the organisation's own data decide, from their kind and numbers.

    A veto, a KPI threshold, the data's consistency (scoring.record.DATA_CAP_GATES): they
    need the rubric and the vetoed events only, so a stored lowering is worded without its
    scorecard (the audit log). Any other gate falls back to the engine's reason.
    """

    def __init__(
        self, rubric: Rubric, lang: str, hits: tuple[VetoHit, ...], places: EventPlaces = ()
    ) -> None:
        self.rubric, self.lang, self.hits = rubric, lang, hits
        # a park's events that name their resident: the veto line says where (event_register)
        self.places = dict(places)

    def awaits(self, gate: Gate) -> bool:
        return False

    def gate(self, gate: Gate) -> GateView:
        method = getattr(self, f"_{gate.kind.value}", None)
        text = method(gate) if method is not None else gate.reason
        page = self._page(gate)
        by_data = [p.state is PartState.NO_VALUE for p in gate.parts]
        kpi_data = page == "prerequisites" and any(by_data)
        if kpi_data and all(by_data):  # only the KPI data fail it: nothing to change there
            page, kpi_data = "kpis", False
        return GateView(gate.passed, str(text), self.awaits(gate), page, kpi_data)

    def _page(self, gate: Gate) -> str:
        return "" if gate.passed else _GATE_PAGES.get(gate.kind, "")

    def _n(self, value: Decimal | None) -> str:
        return figure_text(value)

    def kpi_name(self, kpi_id: str) -> str:
        """Name a KPI as the user knows it: its code and its name in the page's language."""
        kpi = next((k for k in self.rubric.kpis if k.id == kpi_id), None)
        return kpi_id if kpi is None else f"{kpi_id} {kpi.name.get(self.lang)}"

    def _kpi_threshold(self, g: Gate) -> str:
        # The label of this very condition: the same KPI has a threshold per band (a park's
        # safety-risk score: 60, 70, 85), each label naming its own value (qa17 S6).
        same_kpi = [
            c
            for b in self.rubric.rating.bands
            for c in b.conditions
            if isinstance(c, KpiThreshold) and c.kpi == g.subject
        ]
        found = next((c for c in same_kpi if c.value == g.required), None)
        label = g.subject or "" if found is None else found.label.get(self.lang)
        return _(
            "%(label)s：%(actual)s（要求 %(required)s）",
            label=label,
            actual=self._n(g.actual),
            required=self._n(g.required),
        )

    def _data_consistent(self, g: Gate) -> str:
        return problems.consistent_gate_text(g)

    def _veto_rule(self, g: Gate) -> VetoRule | None:
        return next((v for v in self.rubric.rating.vetoes if v.id == g.subject), None)

    def rectifiable(self) -> frozenset[str]:
        """Return the vetoes hit that end once their event is rectified (its words name it)."""
        return rectifiable(self.rubric.rating.vetoes) & {h.rule_id for h in self.hits}

    def rectified_events(self, gates: Iterable[Gate]) -> str:
        """Name the events whose rectifying lifts these veto gates, each kind once."""
        kinds = (self._event_kind(h) for g in gates for h in self.hits if h.rule_id == g.subject)
        return _("、").join(dict.fromkeys(kinds))

    def _event_kind(self, hit: VetoHit) -> str:
        return next(
            (
                type_names(t.label.get(self.lang))[0]
                for t in self.rubric.event_types
                if t.id == hit.event_type
            ),
            _("其他事件类型"),
        )

    # A closed year's frozen result is a record: its vetoes keep the titles stored with it.
    keeps_stored_titles = False

    def veto_title(self, rule_id: str | None) -> str:
        """Name a veto rule: in the rubric's wording now (errata), or as a record stored it."""
        hit = next((h for h in self.hits if h.rule_id == rule_id), None)
        rule = next((v for v in self.rubric.rating.vetoes if v.id == rule_id), None)
        if hit is not None and (self.keeps_stored_titles or rule is None):
            return hit.title.get(self.lang)
        return rule.title.get(self.lang) if rule is not None else rule_id or ""

    def _veto(self, g: Gate) -> str:
        rule = self._veto_rule(g)
        # a sentence around the rule's condition: the title's window and effect left out
        title = veto_condition(self.veto_title(g.subject))
        if not g.required:
            said = _("因“%(title)s”一票否决，本周期不得星", title=title)
        else:
            said = _(
                "因“%(title)s”一票否决，最多 %(stars)s 星", title=title, stars=self._n(g.required)
            )
        hit = next((h for h in self.hits if h.rule_id == g.subject), None)
        if rule is None or hit is None:  # a snapshot's rule no longer in the rubric
            return said
        return _("%(veto)s；%(event)s", veto=said, event=self._veto_event(rule, hit))

    def _veto_event(self, rule: VetoRule, hit: VetoHit) -> str:
        """Name the event that vetoes (date, type) and from when it no longer counts (qa34 S5)."""
        kind = self._event_kind(hit)
        if hit.from_kpi_data:
            event = _(
                "KPI 数据中填报的死亡人数（%(type)s，计于 %(date)s）",
                type=kind,
                date=hit.event_date.isoformat(),
            )
        else:
            event = _("事件：%(date)s %(type)s", date=hit.event_date.isoformat(), type=kind)
            if (where := self.places.get((hit.event_type, hit.event_date))) is not None:
                event = _("%(event)s，发生单位：%(where)s", event=event, where=where)
        if rule.only_unresolved:
            return _("%(event)s；该事件整改完成后不再计入", event=event)
        return _(
            "%(event)s；该事件在其后 %(months)s 个月内计入，%(until)s 及以后提交的自评不再受其否决",
            event=event,
            months=rule.window_months,
            until=counted_until(rule, hit.event_date).isoformat(),
        )


def run_note(missing: int, years: int) -> str:
    """Say why this year does not count in the run yet, and what it counts once complete.

    The overview's cap and the result page's condition say it alike (newcomer #1): a year
    counts in "连续报送" only once every core KPI input is filled (stars.counted_run).
    """
    return _(
        "本年度核心指标尚缺 %(missing)d 项，填齐后计为连续报送 %(years)d 年",
        missing=missing,
        years=years,
    )


class GateWords(CapWords):
    """Word each gate of a scorecard from its kind and numbers; fall back to the engine's reason."""

    def __init__(
        self,
        rubric: Rubric,
        card: Scorecard,
        lang: str,
        year: int | None = None,
        closed: bool = False,
        awaiting_review: bool = False,
        unreviewed: bool = False,
        frozen_review: ReviewUnderway | None = None,
        missing: MissingStats | None = None,
        places: EventPlaces = (),
    ) -> None:
        """Word `card`'s gates; `closed`: a closed year's frozen result, where nothing waits.

        `awaiting_review`: a peer review of the submitted result is in progress
        (review_state), so a peer-review condition waits for its end instead of failing.
        `unreviewed`: a self-assessed result no peer review has rated yet, so the conditions
        only others decide after the submission (peer review, verification, a published
        case: GateReach.OTHERS) are not judged yet: they wait, not fail (QA36 S1).
        `frozen_review`: a closed year's first review its close left unfinished
        (review_state.frozen): the peer-review condition counts the reviewers who finished,
        and says how many were assigned and submitted, as the banner above it (qa55 #2).
        `missing`: why the peer group has no statistics, as the benchmark pages say it; a
        median or top-quartile condition without them gives that reason.
        """
        super().__init__(rubric, lang, card.rating.vetoes, places)
        self.card, self.year = card, year
        self.closed = closed and year is not None
        self.keeps_stored_titles = self.closed
        self.awaiting_review = awaiting_review and not self.closed
        self.unreviewed = unreviewed and not self.closed
        self.frozen_review = frozen_review if self.closed else None
        self.peers = _ALL_PARKS if rubric.kind is RubricKind.PARK else _WORKING_GROUP
        self.missing = missing or MissingStats()

    def says_missing(self, gate: Gate) -> bool:
        """Whether the gate's words give the benchmark pages' reason for missing statistics."""
        return (
            bool(self.missing.why)
            and not gate.passed
            and gate.kind in (GateKind.KPI_VS_GROUP_MEDIAN, GateKind.KPIS_TOP_QUARTILE)
            and any(p.state is PartState.NO_STATISTICS for p in gate.parts)
        )

    def _page(self, gate: Gate) -> str:
        return "benchmarks" if self.says_missing(gate) else super()._page(gate)

    def awaits(self, gate: Gate) -> bool:
        """Whether the gate waits: for the group's statistics, the peer review, or others."""
        if self.closed:
            return False
        return (
            awaits_statistics(gate)
            or unrecorded_quartile(gate, self.card)
            or self._awaits_review(gate)
            or self._judged_later(gate)
        )

    def _judged_later(self, gate: Gate) -> bool:
        return self.unreviewed and not gate.passed and GATE_REACH.get(gate.kind) is GateReach.OTHERS

    def _awaits_review(self, gate: Gate) -> bool:
        return self.awaiting_review and gate.kind is GateKind.PEER_REVIEWED and not gate.passed

    def _s(self, value: Decimal | None) -> str:
        """Scores show with one decimal, as everywhere else."""
        return "—" if value is None else f"{value:.1f}"

    def _overall(self, g: Gate) -> str:
        return _(
            "总分 %(actual)s（要求 ≥ %(required)s）",
            actual=self._s(g.actual),
            required=self._n(g.required),
        )

    def _section_floor(self, g: Gate) -> str:
        title = next(
            (s.title.get(self.lang) for s in self.rubric.sections if s.id == g.subject),
            g.subject or "",
        )
        return _(
            "%(section)s 得分 %(actual)s（要求 ≥ %(required)s）",
            section=title,
            actual=self._s(g.actual),
            required=self._n(g.required),
        )

    def _low_elements(self, below: Decimal) -> str:
        low = [
            f"{e.title.get(self.lang)} {self._s(e.score)}"
            for s in self.card.sections
            if s.score is not None
            for e in s.elements
            if e.score is not None and e.score < below
        ]
        return _("、").join(low)

    def _element_floor(self, g: Gate) -> str:
        if g.passed:
            return _(
                "每个要素得分 ≥ %(required)s（最低 %(actual)s）",
                required=self._n(g.required),
                actual=self._s(g.actual),
            )
        return _(
            "低于 %(required)s 分的要素：%(elements)s",
            required=self._n(g.required),
            elements=self._low_elements(g.required or Decimal(0)),
        )

    def _no_element_at_zero(self, g: Gate) -> str:
        if g.passed:
            return _("没有得分为 0 的要素")
        return _("得分为 0 的要素：%(elements)s", elements=self._low_elements(Decimal("0.1")))

    def _prerequisite_unmet(self, subject: str) -> str:
        """Name an unmet prerequisite with its text, not only its number (qa34 S6)."""
        found = next((p for p in self.rubric.prerequisites if p.id == subject), None)
        if found is None:  # a snapshot's prerequisite no longer in the rubric
            return _("前置条件 %(ids)s 未满足", ids=subject)
        prompt = found.prompt.get(self.lang).strip().rstrip("。.")
        return _("前置条件 %(id)s（%(prompt)s）未满足", id=subject, prompt=prompt)

    def _prerequisites_met(self, g: Gate) -> str:
        if g.passed:
            return _("全部前置条件均已满足")
        if not g.parts:  # a snapshot written before the gate named its prerequisites
            return _("有前置条件未满足：未评定")
        texts = [
            _(
                "前置条件 %(id)s 未满足：核心指标的 KPI 数据缺 %(count)s 项（见“KPI 数据”页）",
                id=p.subject,
                count=self._n(g.actual),
            )
            for p in g.parts
            if p.state is PartState.NO_VALUE
        ]
        declined = [
            p.subject for p in g.parts if p.state not in (PartState.NO_VALUE, PartState.UNANSWERED)
        ]
        texts[:0] = [self._prerequisite_unmet(subject) for subject in declined]
        unanswered = [p.subject for p in g.parts if p.state is PartState.UNANSWERED]
        if unanswered:  # not a failing: answering them is still to do (qa11 D2)
            texts.append(
                _("前置条件 %(ids)s 尚未作答（见“前置条件”页）", ids=_("、").join(unanswered))
            )
        return _("%(reasons)s，因此未评定", reasons=_("；").join(texts))

    def _all_sections_assessed(self, g: Gate) -> str:
        if g.passed:
            return _("全部评价项均已作答")
        return _("%(count)s 个评价项尚未作答", count=len(self.card.missing))

    def _kpis_reported(self, g: Gate) -> str:
        text = _(
            "核心绩效指标连续报送 %(actual)s 年（要求 %(required)s 年）",
            actual=self._n(g.actual),
            required=self._n(g.required),
        )
        if g.if_complete is None or not g.parts:
            return text
        return _("%(text)s；%(note)s", text=text, note=run_note(len(g.parts), int(g.if_complete)))

    def _peer_reviewed(self, g: Gate) -> str:
        if self._awaits_review(g):  # the reviewers at work are not counted until it ends
            return _("须经同行评审：同行评审进行中，待同行评审完成后评定")
        enough, onsite = _peer_parts(g)
        numbers = {"actual": self._n(g.actual), "required": self._n(g.required)}
        if not enough and self.frozen_review is not None:
            return self._unfinished_review(numbers, onsite is not None)
        if not enough:
            if onsite is not None:
                return _(
                    "同行评审员 %(actual)s 名（要求至少 %(required)s 名，且须现场评审）", **numbers
                )
            return _("同行评审员 %(actual)s 名（要求至少 %(required)s 名）", **numbers)
        if onsite is False:  # enough reviewers, so the review was done at their desks
            return _("需现场评审（现为文审）")
        if onsite:
            return _("现场评审，同行评审员 %(actual)s 名（要求至少 %(required)s 名）", **numbers)
        return _("同行评审员 %(actual)s 名（要求至少 %(required)s 名）", **numbers)

    def _unfinished_review(self, numbers: dict[str, str], onsite: bool) -> str:
        """Word a review the close stopped: none counted, yet reviewers assigned (qa55 #2)."""
        review = self.frozen_review
        assert review is not None  # noqa: S101 - the caller checked
        said = {**numbers, "assigned": review.assigned, "submitted": review.submitted}
        if onsite:
            return _(
                "完成评审的同行评审员 %(actual)s 名（已指派 %(assigned)s 名，"
                "%(submitted)s 名已提交，评审未完成；要求至少 %(required)s 名，且须现场评审）",
                **said,
            )
        return _(
            "完成评审的同行评审员 %(actual)s 名（已指派 %(assigned)s 名，"
            "%(submitted)s 名已提交，评审未完成；要求至少 %(required)s 名）",
            **said,
        )

    def _verified(self, g: Gate) -> str:
        return _("已经秘书处或第三方核实") if g.passed else _("尚未经秘书处或第三方核实")

    def _good_practice_case(self, g: Gate) -> str:
        return _("已发布良好实践案例") if g.passed else _("尚未发布良好实践案例")

    def _kpi_vs_group_median(self, g: Gate) -> str:
        named = [self.kpi_name(kpi_id) for kpi_id in (g.subject or "").split(",") if kpi_id]
        if g.passed:
            return _(self.peers.all_met, kpis=_("、").join(named))
        parts = g.parts or _median_parts_of_reason(g.reason)
        if self.says_missing(g):  # the benchmark pages' reason, not a general one
            short_of = {**self.peers.median_short, PartState.NO_STATISTICS: self.peers.median_why}
            return _("；").join(
                _(msgid, kpis=self._named_in(parts, state), why=self.missing.clause)
                for state, msgid in short_of.items()
                if any(p.state is state for p in parts)
            )
        short = [
            _(
                (self.peers.none_in_closed_year if self.closed else self.peers.awaited_in_year)
                if awaited and self.year
                else msgid,
                kpis=_("、").join(self.kpi_name(p.subject) for p in parts if p.state is state),
                year=self.year,
            )
            for state, msgid in self.peers.median_short.items()
            if any(p.state is state for p in parts)
            for awaited in [state is PartState.NO_STATISTICS]
        ]
        if not short:  # nothing says which: a document of unknown shape
            return _(self.peers.not_all_met, kpis=_("、").join(named))
        return _("；").join(short)

    def _named_in(self, parts: tuple[GatePart, ...], state: PartState) -> str:
        return _("、").join(self.kpi_name(p.subject) for p in parts if p.state is state)

    def _kpis_top_quartile(self, g: Gate) -> str:
        if unrecorded_quartile(g, self.card):
            return self._quartile_unrecorded(g)
        if self.says_missing(g):  # the benchmark pages' reason, not a general one
            numbers = {"actual": self._n(g.actual), "required": self._n(g.required)}
            msgid = _QUARTILE_SOME_WHY if g.actual else _QUARTILE_NONE_WHY
            return _(msgid, why=self.missing.clause, **numbers)
        if not self.closed and awaits_statistics(g):  # as the median condition words it
            numbers = {"actual": self._n(g.actual), "required": self._n(g.required)}
            if g.actual:
                some = self.peers.quartile_some_in_year, self.peers.quartile_some
                msgid = some[0] if self.year else some[1]
            else:
                none = self.peers.quartile_none_in_year, self.peers.quartile_none
                msgid = none[0] if self.year else none[1]
            return _(msgid, year=self.year, **numbers)
        return _(
            "%(actual)s 项核心指标位于前四分之一（要求 %(required)s 项）",
            actual=self._n(g.actual),
            required=self._n(g.required),
        )

    def _quartile_unrecorded(self, g: Gate) -> str:
        """Word an old stored top-quartile condition: its KPIs' states are unknown."""
        numbers = {"actual": self._n(g.actual), "required": self._n(g.required)}
        if self.closed:  # frozen: not met, but not "0 项" either
            if g.actual:
                return _("%(actual)s 项核心指标位于前四分之一（要求 %(required)s 项）", **numbers)
            return _(_QUARTILE_UNRECORDED_CLOSED, **numbers)
        return _(_QUARTILE_SOME_UNRECORDED if g.actual else _QUARTILE_UNRECORDED, **numbers)

    def _targets_on_track(self, g: Gate) -> str:
        return problems.targets_gate_text(g)


def _peer_parts(g: Gate) -> tuple[bool, bool | None]:
    """Return (enough reviewers, on site: met / not met / None when not required).

    Snapshots written before gates had parts say less: a failed gate with enough
    reviewers failed on the on-site review, the only other part it has.
    """
    parts = {p.subject: p.passed for p in g.parts}
    if PEER_REVIEWERS in parts:
        return parts[PEER_REVIEWERS], parts.get(ON_SITE)
    enough = g.actual is not None and g.required is not None and g.actual >= g.required
    return enough, (False if enough and not g.passed else None)


# The engine's per-KPI notes ("OHS-03: no group statistics", "PS-02 0.1 worse than the
# median 0.2"), read only for snapshots written before median gates had parts.
_NOTE_ENDINGS = (
    (": no value", PartState.NO_VALUE),
    (": no group statistics", PartState.NO_STATISTICS),
    (" at least as good as the median ", PartState.MET),
    (" worse than the median ", PartState.NOT_MET),
)


def _median_parts_of_reason(reason: str) -> tuple[GatePart, ...]:
    parts = []
    for note in reason.split("; "):
        state = next((s for text, s in _NOTE_ENDINGS if text in note), None)
        if state is None:
            return ()
        parts.append(GatePart(note.split(":")[0].split(" ")[0], state))
    return tuple(parts)


def cap_reasons(
    rubric: Rubric, gates: tuple[Gate, ...], hits: tuple[VetoHit, ...], lang: str
) -> str:
    """Word the gates that lowered a final rating, joined; `hits`: the vetoed events."""
    words = CapWords(rubric, lang, hits)
    return _("；").join(words.gate(g).text for g in gates)


def lowered_text(rubric: Rubric, card: Scorecard, lang: str) -> str:
    """Word a final rating that data submitted after its peer review lowered ("" if none).

    "最终星级 3 星（同行评审）→ 2 星：" and each gate that lowered it (scoring.record): the
    result page, home, the scorecard PDF, the workbook and the notice say it alike.
    """
    lowered = card.rating.lowered
    if lowered is None:
        return ""
    return _(
        "最终星级 %(peer)s 星（同行评审）→ %(stars)s：%(reasons)s",
        peer=lowered.peer_stars,
        stars=rating_read(card.rating),
        reasons=cap_reasons(rubric, lowered.gates, card.rating.vetoes, lang),
    )
