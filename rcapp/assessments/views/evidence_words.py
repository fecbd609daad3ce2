"""The evidence rule and an item's capped level, in words (Chinese msgids, English catalogue).

Worded from the rubric's evidence levels (`from_level`, `file_from_level`), the same
numbers scoring.items counts with, so the page says the rule that is scored.
"""

from __future__ import annotations

from collections.abc import Sequence

from rcapp.assessments.answer_words import figure_text
from rcapp.assessments.completeness import Capped
from rcapp.assessments.messages import _
from rcapp.assessments.views.blueprint import bp
from rcapp.i18n import current_lang
from rcapp.rubrics.model import EvidenceRule, Item, ItemKind, Rubric
from rcapp.text_width import cut_to_width


def _yes_no(item: Item) -> bool:
    return item.kind is not ItemKind.NUMBER and item.max_level == 1


def _needs_file(rule: EvidenceRule, level: int) -> bool:
    return rule.file_from_level is not None and level >= rule.file_from_level


def rule_words(item: Item) -> str:
    """Say which levels need evidence, which need an uploaded file, and what counts without."""
    rule = item.evidence
    if rule is None:
        return ""
    low, file_level = rule.from_level, rule.file_from_level
    if _yes_no(item):
        # A file only when its level is 1 ("是"): a rule's file from level 3 never applies.
        if _needs_file(rule, 1):
            return _("答“是”须上传证据文件，否则按“否”计")
        return _("答“是”须有证据（证据说明或上传文件），否则按“否”计")
    if file_level is None:
        return _(
            "等级 %(low)s 及以上须有证据（证据说明或上传文件），否则按等级 %(below)s 计",
            low=low,
            below=low - 1,
        )
    if file_level == low:
        return _(
            "等级 %(low)s 及以上须上传证据文件，仅有证据说明按等级 %(below)s 计",
            low=low,
            below=low - 1,
        )
    # Level by level, as a newcomer reads it (qa50 #9: "a description alone counts up to
    # level 2, level 3 and above need a file" read as a contradiction).
    if file_level == low + 1:
        return _(
            "等级 %(low)s 须有证据说明（或上传文件），等级 %(file)s 及以上须上传证据文件",
            low=low,
            file=file_level,
        )
    return _(
        "等级 %(low)s–%(note_max)s 须有证据说明（或上传文件），等级 %(file)s 及以上须上传证据文件",
        low=low,
        note_max=file_level - 1,
        file=file_level,
    )


@bp.app_template_global("evidence_rule_text")
def evidence_rule_text(item: Item, lang: str) -> str:
    """Return the item's evidence line: the rule, then what an assessor looks for."""
    if item.evidence is None:
        return ""
    return _(
        "证据要求（%(rule)s）：%(hint)s", rule=rule_words(item), hint=item.evidence.hint.get(lang)
    )


@bp.app_template_global("cap_text")
def cap_text(item: Item, capped: Capped, stored: bool = False) -> str:
    """Say at what level a capped item counts and what would make it count as answered.

    "成熟度等级", not "等级": beside a park's safety-risk grade (A-D, also 等级) the bare word
    read as that grade (capwords 4). `stored`: the fields show other input (a refused save
    over a colleague's), so the words say they are about the saved version.
    """
    text = _cap_words(item, capped)
    if stored and text:
        return _("现存内容：%(text)s", text=text)
    return text


def _cap_words(item: Item, capped: Capped) -> str:
    rule = item.evidence
    if rule is None:
        return ""
    if _yes_no(item):
        if _needs_file(rule, capped.claimed):
            return _("目前按“否”计：答“是”须上传证据文件。上传文件后按“是”计。")
        return _("目前按“否”计：答“是”须有证据。填写证据说明或上传文件后按“是”计。")
    if _needs_file(rule, capped.claimed):
        need = _(
            "成熟度等级 %(file)s 及以上须上传证据文件，证据说明不够。"
            "上传文件后按成熟度等级 %(claimed)s 计。",
            file=rule.file_from_level,
            claimed=capped.claimed,
        )
    else:
        need = _(
            "成熟度等级 %(low)s 及以上须有证据。"
            "填写证据说明或上传文件后按成熟度等级 %(claimed)s 计。",
            low=rule.from_level,
            claimed=capped.claimed,
        )
    return _(
        "目前按成熟度等级 %(counted)s 计（%(answered)s）：%(need)s",
        counted=capped.counted,
        answered=_answered(item, capped),
        need=need,
    )


def _answered(item: Item, capped: Capped) -> str:
    """Say what was answered: a level, or for a value item the number typed and its level.

    qa22 S9: a risk score of 72 read "自评 3 级"; the user typed a score, not a level.
    """
    if capped.value is None or item.unit is None:
        return _("自评 %(claimed)s 级", claimed=capped.claimed)
    typed = figure_text(capped.value, item.unit.get(current_lang()))
    return _("填写 %(value)s，对应成熟度等级 %(claimed)s", value=typed, claimed=capped.claimed)


# The items a deletion caps are named up to this many; the rest are counted (等 N 项).
NAMED_CAPS = 5


@bp.app_template_global("delete_evidence_confirm")
def delete_evidence_confirm(rubric: Rubric, name: str, caps: Sequence[Capped], lang: str) -> str:
    """Ask the delete button's question: the file, and what deleting it does to the levels.

    `caps`: the items counting lower once the file is gone (completeness.caps_once_last_file_gone,
    the scoring's evidence rule), named with their level as counted then; none: said so.
    """
    asked = _("删除证据文件“%(name)s”？删除后无法恢复。", name=name)
    if not caps:
        return asked + _("删除后各评价项的计分不变。")
    items = rubric.item_index()
    named = _("、").join(_capped_item(items[c.item_id], c, lang) for c in caps[:NAMED_CAPS])
    if len(caps) > NAMED_CAPS:
        named = _("%(items)s等 %(count)s 项", items=named, count=len(caps))
    return asked + _("删除后，因缺少证据文件，以下评价项将按较低等级计：%(items)s。", items=named)


def _capped_item(item: Item, capped: Capped, lang: str) -> str:
    """'C1.E1.1 某评价项…（自评 3 级，按等级 2 计）', a yes/no item's as 是 → 否."""
    prompt = cut_to_width(item.prompt.get(lang), 60)
    if _yes_no(item):
        return _("%(id)s %(prompt)s（答“是”，将按“否”计）", id=item.id, prompt=prompt)
    return _(
        "%(id)s %(prompt)s（%(answered)s，将按等级 %(counted)s 计）",
        id=item.id,
        prompt=prompt,
        answered=_answered(item, capped),
        counted=capped.counted,
    )
