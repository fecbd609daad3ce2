"""A number item's level in words: which level each range gives, and the typed number's (qa38 S7).

PK3.E1.1 (园区安全风险排查治理评分) takes a score, not a level, while its evidence rule speaks
of levels ("等级 3 及以上须上传证据文件"): the page now says which level each range of the
score gives (the rubric's `bands`, scoring.items.band_level) and, for the number shown,
its level and the evidence that level needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rcapp.assessments.grade_words import grade_words
from rcapp.assessments.messages import N_, _, number_text
from rcapp.assessments.views.blueprint import bp
from rcapp.i18n import current_lang, sentences
from rcapp.rubrics.model import Direction, Item, ItemKind, Rubric
from rcapp.scoring.items import band_level
from rcapp.scoring.score_grades import graded_kpi_for_item, reading_for

_AT_LEAST = N_("%(value)s %(unit)s及以上为成熟度等级 %(level)s")
_AT_MOST = N_("%(value)s %(unit)s及以下为成熟度等级 %(level)s")
# A band at the item's own bound is reached only there: "100 % or more" on a 0-100 % item
# promised values the item refuses (qa50 #5).
_EXACTLY = N_("%(value)s %(unit)s为成熟度等级 %(level)s")


def _number(data: object) -> Decimal | None:
    if isinstance(data, Decimal):
        return data
    try:
        return Decimal(str(data).strip()) if data not in (None, "") else None
    except InvalidOperation:
        return None


def _range_words(item: Item, value: Decimal) -> str:
    """Word a band's range: up to the item's bound, or just at it when the bound is the band."""
    if item.better is Direction.LOWER:
        return _EXACTLY if item.min is not None and value <= item.min else _AT_MOST
    return _EXACTLY if item.max is not None and value >= item.max else _AT_LEAST


def _in_bounds(item: Item, number: Decimal) -> bool:
    """Tell whether the item accepts the number (outside its range the save refuses it)."""
    too_low = item.min is not None and number < item.min
    return not too_low and not (item.max is not None and number > item.max)


def _evidence_need(item: Item, level: int, evidence: Evidence) -> str | None:
    """Say what evidence the level needs; once it is there, that it is (qa42 S1: the need stayed).

    None where nothing is worth saying: a need not met on a page that can no longer be
    edited (the capped line under the item says what the item counts as).
    """
    rule = item.evidence
    if rule is None or level < rule.from_level:
        return _("此等级无需证据")
    if rule.file_from_level is not None and level >= rule.file_from_level:
        if evidence.files:
            return _("已上传证据文件，满足此等级的证据要求")
        return _("此等级须上传证据文件，只有证据说明不够") if evidence.editable else None
    if evidence.files or evidence.note:
        return _("已有证据，满足此等级的证据要求")
    return _("此等级须有证据（证据说明或上传文件）") if evidence.editable else None


@dataclass(frozen=True)
class Evidence:
    """The item's evidence as the page shows it, and whether the page can still change it."""

    files: bool = False
    note: bool = False
    editable: bool = True


@bp.app_template_global("number_level_text")
def number_level_text(
    item: Item,
    data: object = None,
    files: bool = False,
    note: object = None,
    editable: bool = True,
    rubric: Rubric | None = None,
) -> str:
    """Say the levels a number item's ranges give and, for `data`, its level and evidence.

    `files`: the item has an uploaded file; `note`: its evidence note; `editable`: the page
    can still change the answer (a need is said only while it can be met there). With the
    `rubric`, a number that is a graded score (PK3.E1.1, the park's safety-risk score) is
    also said as its grade (安全风险等级：A 级…), apart from its maturity level.
    """
    if item.kind is not ItemKind.NUMBER or not item.bands:
        return ""
    unit = item.unit.get(current_lang()) if item.unit else ""
    lower = item.better is Direction.LOWER
    ranges = [
        _(_range_words(item, b.value), value=number_text(b.value), unit=unit, level=b.level)
        for b in sorted(item.bands, key=lambda band: band.value, reverse=lower)
        if b.level > 0
    ]
    text = _("数值对应的成熟度等级：%(ranges)s。", ranges=_("；").join(ranges))
    number = _number(data)
    if number is None or not _in_bounds(item, number):
        return text  # an invalid number gets its error only, not a level too (qa50 #5)
    level = band_level(item, number) or 0
    need = _evidence_need(item, level, Evidence(files, bool(str(note or "").strip()), editable))
    if need is None:
        reached = _(
            "数值 %(value)s 对应成熟度等级 %(level)s。", value=number_text(number), level=level
        )
    else:
        reached = _(
            "数值 %(value)s 对应成熟度等级 %(level)s：%(need)s。",
            value=number_text(number),
            level=level,
            need=need,
        )
    graded = None if rubric is None else _graded_text(rubric, item, number)
    return sentences((text, reached, graded))


def _graded_text(rubric: Rubric, item: Item, number: Decimal) -> str | None:
    """Say the grade a graded score falls into and what it allows, as one sentence."""
    kpi = graded_kpi_for_item(rubric, item.id)
    reading = None if kpi is None else reading_for(rubric, kpi, number)
    if reading is None:
        return None
    return _("%(sentence)s。", sentence=grade_words(reading, current_lang()).sentence)
