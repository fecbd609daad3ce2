"""A number item's level in words: which level each range gives, and the typed number's (qa38 S7).

PK3.E1.1 (园区安全风险排查治理评分) takes a score, not a level, while its evidence rule speaks
of levels ("等级 3 及以上须上传证据文件"): the page now says which level each range of the
score gives (the rubric's `bands`, scoring.items.band_level) and, for the number shown,
its level and the evidence that level needs.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rcapp.assessments.messages import N_, _, number_text
from rcapp.assessments.views.blueprint import bp
from rcapp.i18n import current_lang
from rcapp.rubrics.model import Direction, Item, ItemKind
from rcapp.scoring.items import band_level

_AT_LEAST = N_("%(value)s %(unit)s及以上为等级 %(level)s")
_AT_MOST = N_("%(value)s %(unit)s及以下为等级 %(level)s")


def _number(data: object) -> Decimal | None:
    if isinstance(data, Decimal):
        return data
    try:
        return Decimal(str(data).strip()) if data not in (None, "") else None
    except InvalidOperation:
        return None


def _evidence_need(item: Item, level: int) -> str:
    rule = item.evidence
    if rule is None or level < rule.from_level:
        return _("此等级无需证据")
    if rule.file_from_level is not None and level >= rule.file_from_level:
        return _("此等级须上传证据文件，只有证据说明不够")
    return _("此等级须有证据（证据说明或上传文件）")


@bp.app_template_global("number_level_text")
def number_level_text(item: Item, data: object = None) -> str:
    """Say the levels a number item's ranges give and, for `data`, its level and evidence."""
    if item.kind is not ItemKind.NUMBER or not item.bands:
        return ""
    unit = item.unit.get(current_lang()) if item.unit else ""
    lower = item.better is Direction.LOWER
    ranges = [
        _(_AT_MOST if lower else _AT_LEAST, value=number_text(b.value), unit=unit, level=b.level)
        for b in sorted(item.bands, key=lambda band: band.value, reverse=lower)
        if b.level > 0
    ]
    text = _("数值对应的等级：%(ranges)s。", ranges=_("；").join(ranges))
    number = _number(data)
    if number is None:
        return text
    level = band_level(item, number) or 0
    reached = _(
        "数值 %(value)s 对应等级 %(level)s：%(need)s。",
        value=number_text(number),
        level=level,
        need=_evidence_need(item, level),
    )
    space = " " if current_lang() == "en" else ""  # Chinese sentences run on unspaced
    return f"{text}{space}{reached}"
