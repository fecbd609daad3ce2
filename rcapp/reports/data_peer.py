"""The peer-review part of the scorecard report: review status, benchmark, findings, actions.

Plain rows in words for `data.peer_sections()`. The benchmark is anonymised: it shows the
organisation's own figure, its percentile and the group's median (and quartiles in groups
large enough), never another member, by the member rule of benchmarks.disclosure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import ngettext

from rcapp.assessments.messages import _
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.benchmarks import pages
from rcapp.benchmarks.disclosure import quartiles_min_members
from rcapp.benchmarks.peer_groups import kind_and_members
from rcapp.benchmarks.shown import metric_figure, percentile_text
from rcapp.benchmarks.stats import GroupKind
from rcapp.clock import beijing_day, beijing_today
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.messages import ACTION_TEXT, FINDING_TEXT, KIND_TEXT, stars_text
from rcapp.reviews.models import Finding, FindingKind, Review
from rcapp.reviews.outcome_rows import action_raiser, changed_items, days_overdue
from rcapp.reviews.queries import find_review, unrated_finals, vetoed_finals
from rcapp.reviews.reason_authors import reason_author
from rcapp.reviews.rereview import upheld_appeal
from rcapp.reviews.rules import Verdict
from rcapp.rubrics.model import Item, ItemKind


@dataclass(frozen=True)
class RowGroup:
    """Rows under one spanning heading (a peer group), named once rather than on every row."""

    heading: str
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class PeerSection:
    """A titled table added by the peer-review work (benchmark, findings, actions)."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""
    groups: tuple[RowGroup, ...] = ()  # rows under headings, shown after `rows`
    numeric: frozenset[int] = frozenset()  # columns of figures: right-aligned, never broken
    # print.css classes of the columns' <col>s, widths that keep a name or a status whole
    # ("林/静", "待整/改" in a column laid out by content); "" leaves a column to its content
    cols: tuple[str, ...] = ()
    # columns of text reviewers typed (a finding, a required action, its owner): marked with
    # the language it is in, noted under the table in English (rcapp.written_language)
    written: frozenset[int] = frozenset()

    @property
    def written_texts(self) -> tuple[str, ...]:
        return tuple(row[i] for row in self.rows for i in sorted(self.written))


def group_heading(kind: GroupKind, name: str, members: int, total: int | None = None) -> str:
    """Name a peer group, its kind and size: "组1（工作组，6 家成员，其中 3 家有对标数据）"."""
    # English puts a space before its bracket; Chinese full-width brackets take none.
    return str(_("%(name)s%(size)s", name=name, size=kind_and_members(kind, members, total)))


def review_section(review: Review | None) -> PeerSection:
    """Say whether the rating is final, and by how many reviewers, desk or on site."""
    rows: tuple[tuple[str, ...], ...]
    if review is None:
        rows = ((_("评审状态"), _("尚未安排同行评审，星级为自评结果。")),)
    else:
        reviewers = len(review.submitted_assignments)
        state = _("已定级（最终星级）") if review.is_final else _("评审中，星级为自评结果")
        if upheld_appeal(review) is not None:  # the scorecard shows the earlier final rating
            state = _("申诉成立，重新评审中")
        lines = [
            (_("评审状态"), state),
            (_("评审方式"), str(KIND_TEXT[review.kind])),
            (_("已提交评审意见的评审员"), _("%(n)d 名", n=reviewers)),
        ]
        if review.is_final and review.finalised_at is not None:
            lines.append((_("定级日期"), beijing_day(review.finalised_at).isoformat()))
        if review.is_final and review.final_stars is not None:
            # kept as 0 stars when a prerequisite is unmet or a veto took every star: say
            # which, as page 1 and the result page do (not "未达 1 星": that one is rated)
            rated = review.id not in unrated_finals([review])
            veto = review.id in vetoed_finals([review])
            lines.append((_("最终星级"), stars_text(review.final_stars, rated, veto)))
        rows = tuple(lines)
    return PeerSection(title=_("同行评审"), header=(_("评审事项"), _("情况")), rows=rows)


def benchmark_section(assessment: Assessment, lang: str) -> PeerSection | None:
    """Place the organisation in each peer group that has statistics (no peer names).

    Each group is named once, above its rows; the quartile columns are left out, with a line
    saying why, when no group may show them (qa71 PDF 10).
    """
    threshold = quartiles_min_members()
    withheld = _("不公开")
    groups: list[RowGroup] = []
    # A document that leaves rcapp: the member rule whoever downloads it (disclosure).
    for group in pages.position(assessment.organisation, assessment.cycle, lang):
        rows = []
        for row in group.rows:
            if row.stats is None:
                continue
            quartiles = group.shown_to is None or group.shown_to.quartiles_of(row.stats.members)
            places = row.metric.places  # a KPI's decimals, as every page writes it
            rows.append(
                (
                    row.metric.label,
                    metric_figure(row.own, places),
                    percentile_text(row.rank),
                    metric_figure(row.stats.first_quartile, places) if quartiles else withheld,
                    metric_figure(row.stats.median, places),
                    metric_figure(row.stats.third_quartile, places) if quartiles else withheld,
                )
            )
        if rows:
            heading = group_heading(group.kind, group.label, group.members, group.total)
            groups.append(RowGroup(heading, tuple(rows)))
    if not groups:
        return None
    header: tuple[str, ...] = (
        _("指标"),
        _("本单位"),
        _("百分位"),
        _("下四分位"),
        _("中位数"),
        _("上四分位"),
    )
    note = _(
        "百分位 100 表示组内最好；同行单位不显示名称。为保护同组单位信息，只显示比率、强度、"
        "指数类指标和得分的组统计，不显示绝对量和计数（如死亡人数、排放吨数、用水量）的组统计；"
        "成员少于 %(n)d 家的组只显示中位数和本单位的位置，不显示四分位数。",
        n=threshold,
    )
    if all(row[3] == withheld for g in groups for row in g.rows):
        groups = [RowGroup(g.heading, tuple(row[:3] + row[4:5] for row in g.rows)) for g in groups]
        header = header[:3] + header[4:5]
        note = _(
            "%(note)s各组成员均少于 %(n)d 家，因此不列出下四分位和上四分位两栏。",
            note=note,
            n=threshold,
        )
    return PeerSection(
        title=_("同行对标"),
        header=header,
        rows=(),
        note=note,
        groups=tuple(groups),
        numeric=frozenset(range(1, len(header))),
    )


def _item(finding: Finding, items: Mapping[str, Item], lang: str) -> str:
    """Name the finding's item by code and prompt, as the final page lists the items."""
    if finding.item_id is None:
        return _("总体（不限于单个评价项）")
    return _item_name(finding.item_id, items, lang)


def _item_name(item_id: str, items: Mapping[str, Item], lang: str) -> str:
    item = items.get(item_id)
    return item_id if item is None else f"{item_id} {item.prompt.get(lang)}"


@dataclass(frozen=True)
class AuthoredReason:
    """A reason and who gave it, worded as the final page words it (reason_authors)."""

    text: str
    author: str


@dataclass(frozen=True)
class ChangedItemRow:
    """An item the review changed: self level, final level and the reasons (qa71 PDF 13)."""

    item: str  # code and prompt
    binary: bool  # a yes/no item: its levels read 是/否
    self_verdict: Verdict
    final: Verdict
    reasons: tuple[AuthoredReason, ...]


@dataclass(frozen=True)
class ReviewChanges:
    self_score: Decimal | None  # None: not scored (no item answered)
    final_score: Decimal
    rows: tuple[ChangedItemRow, ...]


def review_changes(assessment: Assessment, lang: str) -> ReviewChanges | None:
    """Self score against final score and the changed items, as the final page lists them."""
    review = find_review(assessment)
    if review is None or not review.is_final or review.final_score is None:
        return None
    rubric = rubric_of(assessment)
    self_card = self_scorecard(assessment, rubric)
    changes = changed_items(review, rubric, self_card)
    items = rubric.item_index()
    rows = tuple(
        ChangedItemRow(
            _item_name(row.item_id, items, lang),
            row.item_id in items and items[row.item_id].kind is ItemKind.YES_NO,
            row.self_verdict,
            row.final,
            tuple(
                AuthoredReason(reason.text, reason_author(reason))
                for reason in changes.reasons[row.item_id]
            ),
        )
        for row in changes.rows
    )
    return ReviewChanges(self_card.overall, review.final_score, rows)


def findings_section(review: Review, lang: str) -> PeerSection | None:
    """List strengths and improvement opportunities, each with its reviewer (qa71 12b).

    The reviewer is named as the final page names them to the reviewed organisation
    (action_raiser): the scorecard goes to the organisation, whoever downloads it.
    """
    items = rubric_of(review.assessment).item_index()
    rows = tuple(
        (
            str(FINDING_TEXT[f.kind]),
            _item(f, items, lang),
            f.text,
            action_raiser(f, False, lang) or "—",
        )
        for f in review.findings
        if f.kind is not FindingKind.CORRECTIVE_ACTION
    )
    if not rows:
        return None
    return PeerSection(
        title=_("评审发现"),
        header=(_("类别"), _("评价项"), _("内容"), _("评审员")),
        rows=rows,
        cols=("col-kind", "col-item", "col-text", "col-person"),
        written=frozenset({2}),
    )


def actions_section(review: Review, lang: str, today: dt.date | None = None) -> PeerSection | None:
    """List the required corrective actions with owner, due date and status.

    An open action past its due date says so, as the review's pages do (qa33 S5).
    """
    today = today or beijing_today()
    items = rubric_of(review.assessment).item_index()
    rows = tuple(
        (
            _item(f, items, lang),
            f.text,
            f.owner or "—",
            f.due_on.isoformat() if f.due_on else "—",
            _action_status(f, today),
        )
        for f in review.findings
        if f.kind is FindingKind.CORRECTIVE_ACTION
    )
    if not rows:
        return None
    return PeerSection(
        title=_("须整改项"),
        header=(_("评价项"), _("整改要求"), _("责任人"), _("完成期限"), _("状态")),
        rows=rows,
        cols=("col-item", "col-text", "col-person", "col-date", "col-status"),
        written=frozenset({1, 2}),
    )


def build_peer_sections(assessment: Assessment, lang: str) -> tuple[PeerSection, ...]:
    review = find_review(assessment)
    found = [review_section(review), benchmark_section(assessment, lang)]
    if review is not None:
        found += [findings_section(review, lang), actions_section(review, lang)]
    return tuple(s for s in found if s is not None)


def _action_status(finding: Finding, today: dt.date) -> str:
    """Word the action's status; an open one past due adds "已逾期 n 天" as the pages do."""
    if finding.action_status is None:
        return "—"
    status = str(ACTION_TEXT[finding.action_status])
    days = days_overdue(finding, today)
    if not days:
        return status
    return f"{status} · {ngettext('已逾期 %(num)d 天', '已逾期 %(num)d 天', days)}"
