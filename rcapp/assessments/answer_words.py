"""An item's stored answer in words, as the section page shows it.

The section page's choices (forms._item_fields) are worded here: 是/否 for a yes/no item,
the level with its name for a maturity item. The secretariat's return form read a stored
yes/no answer as "等级 1" and the secretariat wrote its note about a level the member never
saw (secwords #1): every page saying an answer in a line takes it from `answer_text`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol

from markupsafe import Markup, escape

from rcapp.assessments.messages import _, number_text
from rcapp.i18n import lazy_gettext as _l
from rcapp.i18n import marked_chinese
from rcapp.rubrics.model import Item, ItemKind, Rubric

# A yes/no item stores 1 for 是 and 0 for 否 (as prerequisites do).
YES_NO_LABELS = {1: _l("是"), 0: _l("否")}


class StoredAnswer(Protocol):
    """What an answer row holds that its words read (assessments.models.Answer)."""

    level: int | None
    value: Decimal | None
    is_na: bool
    na_reason: str | None


def level_label(rubric: Rubric, level: int, lang: str) -> str:
    """Name a maturity level as its choice does: the number, then the rubric's short name."""
    return f"{level} {rubric.level_labels[level].get(lang)}"


def figure_text(value: Any, unit: str) -> str:
    """Write a number with its unit: 72 分, 12.5 %... a percent sign closes up (12.5%)."""
    space = "" if unit in ("", "%") else " "
    return f"{number_text(value)}{space}{unit}"


def answer_text(rubric: Rubric, item: Item, answer: StoredAnswer | None, lang: str) -> Markup:
    """Say the stored answer: 是/否, a level's name, a figure with its unit, or N/A with why.

    The N/A reason is the organisation's own words, marked Chinese on an English page.
    """
    if answer is not None and answer.is_na:
        reason = marked_chinese(answer.na_reason or "")
        return escape(_("不适用（%(reason)s）")) % {"reason": reason}
    if answer is not None and item.kind is ItemKind.NUMBER and answer.value is not None:
        return escape(figure_text(answer.value, item.unit.get(lang) if item.unit else ""))
    if answer is not None and item.kind is not ItemKind.NUMBER and answer.level is not None:
        if item.kind is ItemKind.YES_NO:
            return escape(str(YES_NO_LABELS[1 if answer.level else 0]))
        return escape(level_label(rubric, answer.level, lang))
    return escape(_("未作答"))
