"""Item scoring: from one answer to its claimed level, counted level and fraction.

Rules: fraction = counted level / max level (maturity 0-4 over 4, yes = 1 and no = 0,
a number's band level over 4). A level at or above the item's evidence rule counts only
with evidence; without it the level is counted one below the rule's `from_level`. From
the rule's `file_from_level` on, only an uploaded file counts as evidence: with notes
alone the level is counted one below `file_from_level`.
An unanswered item counts 0; an N/A item has no fraction and leaves the denominators.
"""

from __future__ import annotations

from decimal import Decimal

from rcapp.rubrics.model import Direction, Item, ItemKind
from rcapp.scoring.model import Answer
from rcapp.scoring.scorecard import FlagKind, ItemFlag, ItemScore

NUMBER_MAX_LEVEL = 4


def band_level(item: Item, number: Decimal) -> int | None:
    """Return the level a number reaches through the item's bands (0 below every band)."""
    if not item.bands:
        return None
    if item.better is Direction.LOWER:
        reached = [band.level for band in item.bands if number <= band.value]
    else:
        reached = [band.level for band in item.bands if number >= band.value]
    return max(reached, default=0)


def number_for_level(item: Item, level: int) -> Decimal | None:
    """Return the least demanding number that reaches `level`, within the item's min/max."""
    values = [band.value for band in item.bands or () if band.level >= level]
    if not values:
        return None
    needed = max(values) if item.better is Direction.LOWER else min(values)
    if (item.min is not None and needed < item.min) or (item.max is not None and needed > item.max):
        return None
    return needed


def scale_of(item: Item) -> int:
    return NUMBER_MAX_LEVEL if item.kind is ItemKind.NUMBER else item.max_level


def fraction_of(item: Item, level: int) -> Decimal:
    return Decimal(level) / Decimal(scale_of(item))


def counted_level(item: Item, level: int, evidenced: bool, has_file: bool = False) -> int:
    """Apply the evidence rule: from `from_level` evidence, from `file_from_level` a file."""
    rule = item.evidence
    if rule is None or level < rule.from_level:
        return level
    if not evidenced and not has_file:
        return rule.from_level - 1
    if rule.file_from_level is not None and level >= rule.file_from_level and not has_file:
        return rule.file_from_level - 1
    return level


def score_item(item: Item, answer: Answer | None, section_na: str | None = None) -> ItemScore:
    """Score one item's answer; `section_na` is the reason when its section is N/A."""
    if section_na is not None:
        flag = ItemFlag(FlagKind.SECTION_NA, f"section declared N/A: {section_na}")
        return _not_applicable(item, section_na, (flag,))
    if answer is not None and answer.is_na:
        return _not_applicable(item, answer.na_reason or "", ())
    if answer is None or not answer.is_given:
        return _unanswered(item)
    claimed = _claimed_level(item, answer)
    if claimed is None:  # a weight-0 number item without bands is reported, not scored
        return _item_score(item, answer, None, None, ())
    counted = counted_level(item, claimed, answer.has_evidence, answer.has_file)
    flags: tuple[ItemFlag, ...] = ()
    rule = item.evidence
    if counted < claimed and rule is not None:
        if answer.has_evidence and rule.file_from_level is not None:
            message = (
                f"level capped: a note is not an uploaded file: claimed {claimed}, counted "
                f"{counted} — level {rule.file_from_level} and up need an uploaded file: "
                f"{rule.hint.en}"
            )
            flags = (ItemFlag(FlagKind.FILE_CAP, message, rule.hint),)
        else:
            message = (
                f"level capped for missing evidence: claimed {claimed}, counted {counted}"
                f" — level {rule.from_level} and up need: {rule.hint.en}"
            )
            flags = (ItemFlag(FlagKind.EVIDENCE_CAP, message, rule.hint),)
    return _item_score(item, answer, claimed, counted, flags)


def _claimed_level(item: Item, answer: Answer) -> int | None:
    if item.kind is ItemKind.NUMBER:
        return None if answer.number is None else band_level(item, answer.number)
    return answer.level


def _item_score(
    item: Item,
    answer: Answer,
    claimed: int | None,
    counted: int | None,
    flags: tuple[ItemFlag, ...],
) -> ItemScore:
    return ItemScore(
        item_id=item.id,
        kind=item.kind,
        weight=item.weight,
        answered=True,
        claimed_level=claimed,
        effective_level=counted,
        max_level=scale_of(item),
        fraction=None if counted is None else fraction_of(item, counted),
        number=answer.number,
        evidenced=answer.has_evidence,
        flags=flags,
        has_file=answer.has_file,
    )


def _not_applicable(item: Item, reason: str, flags: tuple[ItemFlag, ...]) -> ItemScore:
    return ItemScore(
        item_id=item.id,
        kind=item.kind,
        weight=item.weight,
        answered=True,
        claimed_level=None,
        effective_level=None,
        max_level=scale_of(item),
        fraction=None,
        na_reason=reason,
        flags=flags,
    )


def _unanswered(item: Item) -> ItemScore:
    flag = ItemFlag(FlagKind.UNANSWERED, "not answered: counts 0")
    return ItemScore(
        item_id=item.id,
        kind=item.kind,
        weight=item.weight,
        answered=False,
        claimed_level=None,
        effective_level=0,
        max_level=scale_of(item),
        fraction=Decimal(0),
        flags=(flag,),
    )
