"""What each rubric version offered for a new year changes against the latest year's.

The secretariat picks the versions once and for good (QA58 1): the page shows, per kind,
the items and KPIs a choice adds, removes or changes, and an older version needs a tick.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from rcapp.cycles.models import ReportingCycle
from rcapp.rubrics.loader import RubricError
from rcapp.rubrics.registry import RubricRegistry, RubricSummary
from rcapp.rubrics.rubric_diff import Part, PartChanges, RubricDiff, rubric_diff

KINDS = ("company", "park")

# What of an item's or KPI's definition changed, in words (qa62 #2); fields the same
# reader sees as one thing share their words (min and max: the value range). Every field
# of Item, Kpi and VetoRule but the code needs its words here: a test walks them (qa69 #1).
ASPECT_WORDS = {
    "kind": _l("评价项类型"),
    "prompt": _l("表述"),
    "name": _l("指标名称"),
    "guidance": _l("评价指引"),
    "reference": _l("依据"),
    "weight": _l("计分权重"),
    "levels": _l("等级描述"),
    "na_allowed": _l("可否不适用"),
    "evidence": _l("证据要求"),
    "unit": _l("计量单位"),
    "min": _l("取值范围"),
    "max": _l("取值范围"),
    "better": _l("改善方向"),
    "bands": _l("分档"),
    "sdg": _l("对应的 SDG 目标"),
    "same_figure_as": _l("与 KPI 数据同一数字"),
    "category": _l("指标类别"),
    "formula": _l("计算公式"),
    "bases": _l("折算基数"),
    "aggregation": _l("汇总方式"),
    "core": _l("是否核心指标"),
    "grades": _l("分级（如园区安全风险等级）"),
    # veto rules (一票否决)
    "title": _l("规则表述"),
    "event_type": _l("所计事件类型"),
    "min_grade": _l("事件等级下限"),
    "min_fatalities": _l("死亡人数下限"),
    "min_serious_injuries": _l("重伤人数下限"),
    "min_direct_loss": _l("直接经济损失下限"),
    "scope": _l("计数方式"),
    "window_months": _l("计入期限"),
    "only_unresolved": _l("是否仅计未整改的事件"),
    "effect": _l("否决效果"),
    "max_stars": _l("最高星级"),
}


def _words(aspect: str) -> str:
    return str(ASPECT_WORDS.get(aspect, aspect))


def part_aspects(part: Part) -> str:
    """Say what of one changed item or KPI differs, each thing once: "证据要求、权重"."""
    return str(_("、")).join(dict.fromkeys(_words(a) for a in part.aspects))


def changed_summary(changes: PartChanges) -> str:
    """Say how many changed parts differ in each thing, most first: "证据要求 183、权重 4"."""
    counts: dict[str, int] = {}
    for aspect, count in changes.aspect_counts():
        counts[_words(aspect)] = max(counts.get(_words(aspect), 0), count)
    return str(_("、")).join(
        str(_("%(what)s %(count)d", what=what, count=count)) for what, count in counts.items()
    )


@dataclass(frozen=True)
class VersionAgainstLatest:
    value: str  # the option's value, "id@version"
    version: int
    latest_version: int
    diff: RubricDiff

    @property
    def older(self) -> bool:
        return self.version < self.latest_version

    # The page's words for what changed (the template's imported macro sees no globals of ours).
    def aspects_of(self, part: Part) -> str:
        return part_aspects(part)

    def summary_of(self, changes: PartChanges) -> str:
        return changed_summary(changes)


def latest_rubrics(latest: ReportingCycle | None) -> dict[str, str]:
    """Return the version ("id@version") the latest year used, per kind."""
    if latest is None:
        return {}
    return {kind: "{}@{}".format(*latest.rubric_for(kind)) for kind in KINDS}


def against_latest(
    registry: RubricRegistry, summaries: list[RubricSummary], latest: dict[str, str]
) -> dict[str, list[VersionAgainstLatest]]:
    """Per kind, each offered version's changes against the one the latest year used."""
    found: dict[str, list[VersionAgainstLatest]] = {kind: [] for kind in KINDS}
    for kind, key in latest.items():
        latest_id, _sep, latest_version = key.rpartition("@")
        try:
            base = registry.get(latest_id, int(latest_version)).rubric
        except RubricError:
            continue  # its file is listed among the problems the page shows
        for summary in summaries:
            if summary.kind != kind or f"{summary.id}@{summary.version}" == key:
                continue
            found[kind].append(
                VersionAgainstLatest(
                    value=f"{summary.id}@{summary.version}",
                    version=summary.version,
                    latest_version=base.version,
                    diff=rubric_diff(base, registry.get(summary.id, summary.version).rubric),
                )
            )
    return found
