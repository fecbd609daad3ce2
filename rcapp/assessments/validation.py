"""Check what a user typed against the rubric, field by field (pure: no database, no Flask).

Every check returns the fields that are valid, to be saved, and a Problem for each that is
not, so a page can keep everything typed and put a message next to each wrong field.
Problems carry a code and parameters; assessments.messages words them for the page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal, InvalidOperation
from typing import Any

from rcapp.assessments.number_words import plain_refusal_code, refused_number_code
from rcapp.rubrics.model import Item, ItemKind, KpiInput, Rubric, Section, Text
from rcapp.scoring import answer_rules
from rcapp.scoring.items import band_level, counted_level

NA_REASON_MAX = 1000
NOTE_MAX = 2000
COMMENT_MAX = 2000
KPI_NOTE_MAX = 500
DESCRIPTION_MAX = 4000
MAX_PEOPLE = 100_000
MAX_LOSS = Decimal("1e10")  # 10 000 yuan units: a hundred trillion yuan is a typo
IMPLAUSIBLE_JUMP = Decimal(10)
# Counts (integer inputs) below this in both years are small: 1 -> 0 or 2 -> 9 events is
# an ordinary change, not a typo, and the tenfold rule does not apply to them (qa14 S3).
SMALL_COUNT = Decimal(10)
# Numbers are stored as Numeric(20, 6): 14 digits before the point, 6 after. Anything
# larger would fail the INSERT (PostgreSQL) or break arithmetic on the result page.
NUMBER_LIMIT = Decimal("1e14")
DECIMAL_PLACES = 6


@dataclass(frozen=True)
class Problem:
    """One wrong (or, as a warning, doubtful) field: `subject` is the item/input id."""

    subject: str
    field: str
    code: str
    params: Mapping[str, Any] = dataclass_field(default_factory=dict)


@dataclass(frozen=True)
class ItemInput:
    """An item's answer as typed: level and value are raw text from the form.

    `version` is the stored answer's version the page was based on (0: no answer yet),
    None when the caller does not track versions.
    """

    level: str | None = None
    value: str | None = None
    is_na: bool = False
    na_reason: str = ""
    evidence_note: str = ""
    comment: str = ""
    version: int | None = None


@dataclass(frozen=True)
class KpiEntry:
    value: str = ""
    note: str = ""
    version: int | None = None


@dataclass(frozen=True)
class EventInput:
    event_type: str = ""
    grade: str = ""
    occurred_on: str = ""
    fatalities: str = "0"
    injuries: str = "0"
    direct_loss: str = ""
    description: str = ""
    is_resolved: bool = False
    # the direct loss the user ticked "数值无误" for (as typed): a tick holds for that figure only
    loss_confirmed: str = ""
    # a park's event: the id of the resident company where it happened ("" the park itself)
    resident: str = ""
    # ... or one not registered in rcapp: its name and optional unified social credit code
    resident_name: str = ""
    resident_credit_code: str = ""


Checked = tuple[dict[str, Any], list[Problem]]
# An item's answer proper: saved together or not at all (check_item).
ANSWER_GROUP = ("level", "value", "is_na", "na_reason")


def _problem(subject: str, violation: answer_rules.Violation) -> Problem:
    """Word-free: the shared rule's code and parameters, for assessments.messages to word."""
    params = {k: v for k, v in violation.params.items() if k in ("min", "max", "text")}
    return Problem(subject, violation.field, violation.code, params)


class NumberTooLarge(ValueError):
    """A number beyond what the database column holds (|x| >= 1e14)."""


class TooManyDecimals(ValueError):
    """A number with more decimals than the column keeps (it would be stored rounded)."""


_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?", re.ASCII)
# What Decimal() reads beyond this ("1_000", "١٢", " 1 ") is not a number as people write one.
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)
# A Chinese input method types full-width forms (U+FF01-FF5E: "１２，３４５．６", "－"):
# they are their ASCII twins; every other character is left for the pattern to refuse.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_MINUS_SIGN = {0x2212: ord("-")}


def plain_number_text(text: str) -> str:
    """Typed number text with full-width forms made ASCII and spaces removed (not checked)."""
    ascii_text = text.translate(_FULL_WIDTH).translate(_MINUS_SIGN)
    return "".join(c for c in ascii_text if unicodedata.category(c) != "Zs").strip()


def parse_decimal(text: str | None) -> Decimal | None:
    """Read a number as people type it: full-width digits and thousands separators too.

    The one reading of a typed number, for the web forms and Excel import alike: ASCII
    digits, one optional sign, point and exponent, "," between groups of three; full-width
    forms count as ASCII. Anything else ("1_000", "12元", "٣") is refused with ValueError.
    Raise NumberTooLarge beyond the column's range and TooManyDecimals beyond its 6
    decimals (trailing zeros do not count): a value is never stored other than typed.
    """
    if text is None:
        return None
    cleaned = plain_number_text(text)
    if not cleaned:
        return None
    if "," in cleaned:
        # Only as thousands separators: "1,5" or "1.234,5" (a decimal comma) is refused
        # rather than read as 15 or 1.2345.
        if not _THOUSANDS.fullmatch(cleaned):
            raise ValueError(text)
        cleaned = cleaned.replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(cleaned):
        raise ValueError(text)
    try:
        number = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not number.is_finite():
        raise ValueError(text)
    if abs(number) >= NUMBER_LIMIT:
        raise NumberTooLarge(text)
    if number.normalize().as_tuple().exponent < -DECIMAL_PLACES:  # type: ignore[operator]
        raise TooManyDecimals(text)
    if number.as_tuple().exponent < -DECIMAL_PLACES:  # type: ignore[operator] # finite
        number = number.quantize(Decimal(1).scaleb(-DECIMAL_PLACES))  # zeros only
    if number.is_zero():
        number = number.copy_abs()  # "-0" is stored, compared and logged as 0
    return number


def is_percent(unit: Text | None) -> bool:
    """Whether a number is a percentage (0-100): its unit is "%"."""
    return unit is not None and unit.zh.strip() == "%"


def percent_ratio_doubt(item: Item, number: Decimal | None) -> Problem | None:
    """Doubt a value above 0 and at most 1 on a "%" item: 0.85 is likely 85 % typed as a ratio.

    A doubt, not a refusal: 0.5 % can be meant (QA36 S8). `percent` is what it would be.
    """
    if number is None or not is_percent(item.unit) or not 0 < number <= 1:
        return None
    return Problem(item.id, "value", "percent_ratio", {"value": number, "percent": number * 100})


def without_percent_sign(text: str | None) -> str | None:
    """Read "85%", "85 %" or "85％" as "85": typed on a "%" item, the sign is its unit."""
    if text is None:
        return None
    cleaned = plain_number_text(text)
    return cleaned[:-1] if cleaned.endswith("%") else text


def number_field(
    subject: str,
    name: str,
    raw: str | None,
    problems: list[Problem],
    percent: bool = False,
    unit: Text | None = None,
    worded: bool = False,
) -> tuple[bool, Decimal | None]:
    """Parse a typed number: (True, value) or (False, None) with the problem recorded.

    `percent`: the number is a percentage, and a trailing "%" sign is its unit (qa34 S3).
    `worded`: a refusal says how to type the number, naming `unit`, the field's unit
    (number_words: KPI inputs and number items, on the pages and in imports alike).
    """
    try:
        return True, parse_decimal(without_percent_sign(raw) if percent else raw)
    except NumberTooLarge:
        problems.append(Problem(subject, name, "too_large", {"limit": NUMBER_LIMIT}))
    except TooManyDecimals:
        problems.append(Problem(subject, name, "too_many_decimals", {"places": DECIMAL_PLACES}))
    except ValueError:
        code, units = (
            refused_number_code(raw or "", unit) if worded else (plain_refusal_code(raw or ""), {})
        )
        problems.append(Problem(subject, name, code, {"text": raw, **units}))
    return False, None


def clean_text(text: str) -> str:
    """Strip surrounding space and control characters (tab and line breaks stay)."""
    kept = (c for c in text if c in "\t\n\r" or unicodedata.category(c) != "Cc")
    return "".join(kept).strip()


def text_field(
    subject: str, name: str, text: str, limit: int, values: dict[str, Any], problems: list[Problem]
) -> None:
    cleaned = clean_text(text)
    if len(cleaned) > limit:
        problems.append(
            Problem(subject, name, "too_long", {"limit": limit, "length": len(cleaned)})
        )
    else:
        values[name] = cleaned or None


def check_item(item: Item, typed: ItemInput) -> Checked:
    """Return (valid fields to save, problems) for one item's answer."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    if item.kind is ItemKind.NUMBER:
        _check_number(item, typed.value, values, problems)
    else:
        _check_level(item, typed.level, values, problems)
    _check_na(item.id, item.na_allowed, typed, values, problems)
    if typed.is_na and (values.get("level") is not None or values.get("value") is not None):
        # N/A and a level (or number) exclude each other: neither is saved until one goes.
        problems.append(Problem(item.id, "is_na", "na_and_answer"))
    if problems:
        # The answer (level or number, N/A and its reason) is saved whole or not at all: a
        # reason kept without its N/A, or N/A without its reason, flagged every later save
        # (qa18 D1). The stored answer stays and the page shows what was typed.
        for name in ANSWER_GROUP:
            values.pop(name, None)
    text_field(item.id, "evidence_note", typed.evidence_note, NOTE_MAX, values, problems)
    text_field(item.id, "comment", typed.comment, COMMENT_MAX, values, problems)
    return values, problems


def _check_level(
    item: Item, raw: str | None, values: dict[str, Any], problems: list[Problem]
) -> None:
    text = (raw or "").strip()
    if not text:
        values["level"] = None
        return
    try:
        level = int(text)
    except ValueError:
        level = -1
    violation = answer_rules.level_rule(item, level)
    if violation is None:
        values["level"] = level
    else:
        problems.append(_problem(item.id, violation))


def _check_number(
    item: Item, raw: str | None, values: dict[str, Any], problems: list[Problem]
) -> None:
    percent = is_percent(item.unit)
    ok, number = number_field(item.id, "value", raw, problems, percent, item.unit, worded=True)
    if not ok:
        _range_before_size(item, raw, problems)
        return
    violation = None if number is None else answer_rules.number_rule(item, number)
    if violation is None:
        values["value"] = number
    else:
        problems.append(_problem(item.id, violation))


def _range_before_size(item: Item, raw: str | None, problems: list[Problem]) -> None:
    """Say "不能大于 100" for 1e300 in a percentage, not "数值过大" (QA32 S8).

    A number beyond NUMBER_LIMIT is beyond any range below it, on the side of its sign.
    """
    if not problems or problems[-1].code != "too_large":
        return
    negative = plain_number_text(raw or "").startswith("-")
    beyond = -NUMBER_LIMIT if negative else NUMBER_LIMIT
    violation = answer_rules.number_rule(item, beyond)
    if violation is not None:
        problems[-1] = _problem(item.id, violation)


def _check_na(
    subject: str, allowed: bool, typed: ItemInput, values: dict[str, Any], problems: list[Problem]
) -> None:
    reason = clean_text(typed.na_reason)
    if len(reason) > NA_REASON_MAX:
        problems.append(Problem(subject, "na_reason", "too_long", {"limit": NA_REASON_MAX}))
    elif reason and not typed.is_na:
        # A reason is only kept with N/A: stored beside a level it was shown again and never
        # counted (qa9 S6). Refused beside the field, so the text stays on the page.
        problems.append(Problem(subject, "na_reason", "na_reason_without_na"))
    else:
        values["na_reason"] = reason or None
    if not typed.is_na:
        values["is_na"] = False
    elif (violation := answer_rules.na_rule(allowed, reason)) is not None:
        problems.append(_problem(subject, violation))
    else:
        values["is_na"] = True


# The fewest characters of the reason for declaring a whole section not applicable: the
# shortest that says what the organisation does not do ("不销售产品"), more than "不涉及".
SECTION_NA_REASON_MIN = 5


def check_section_na(section: Section, typed: ItemInput, forbidden: bool = False) -> Checked:
    """Check a whole section declared not applicable (only where the rubric allows it).

    `forbidden`: the rating scheme lists the section in `na_forbidden_sections`.
    """
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    if typed.is_na and forbidden:
        violation = answer_rules.section_na_rule(section, True, typed.na_reason)
        if violation is not None:
            problems.append(_problem(section.id, violation))
            return values, problems
    _check_na(section.id, section.na_allowed, typed, values, problems)
    reason = clean_text(typed.na_reason)
    if values.get("is_na") and len(reason) < SECTION_NA_REASON_MIN:
        # a whole code of practice out of the score needs a reason, not "不涉及" (qa49 M5)
        del values["is_na"], values["na_reason"]
        params = {"min": SECTION_NA_REASON_MIN}
        problems.append(Problem(section.id, "na_reason", "section_na_reason_short", params))
    return values, problems


def check_section_na_in(rubric: Rubric, section: Section, typed: ItemInput) -> Checked:
    """Check a section declared not applicable with every rule of `rubric` (save and import)."""
    forbidden = section.id in rubric.rating.na_forbidden_sections
    return check_section_na(section, typed, forbidden)


def check_prerequisite(prerequisite_id: str, typed: ItemInput) -> Checked:
    """Prerequisites are met (1) or not (0); N/A is not an option."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    text = (typed.level or "").strip()
    if text in ("", "0", "1"):
        values["level"] = int(text) if text else None
    else:
        problems.append(Problem(prerequisite_id, "level", "level_range", {"max": 1}))
    if typed.is_na:
        problems.append(Problem(prerequisite_id, "is_na", "na_not_allowed"))
    text_field(prerequisite_id, "comment", typed.comment, COMMENT_MAX, values, problems)
    return values, problems


def check_kpi_input(
    kpi_input: KpiInput, entry: KpiEntry, last_year: Decimal | None
) -> tuple[dict[str, Any], list[Problem], list[Problem]]:
    """Return (valid fields, problems, warnings); warnings never stop a value being saved."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    warnings: list[Problem] = []
    subject = kpi_input.id
    text_field(subject, "note", entry.note, KPI_NOTE_MAX, values, problems)
    percent = is_percent(kpi_input.unit)
    ok, number = number_field(
        subject, "value", entry.value, problems, percent, kpi_input.unit, worded=True
    )
    if not ok:
        return values, problems, warnings
    if number is None:
        values["value"] = None
    elif (violation := answer_rules.kpi_input_rule(kpi_input, number)) is not None:
        problems.append(_problem(subject, violation))
    else:
        values["value"] = number
        warnings.extend(_plausibility(kpi_input, number, last_year))
    return values, problems, warnings


def plausibility_doubts(
    kpi_input: KpiInput, number: Decimal, last_year: Decimal | None
) -> list[Problem]:
    """Return the warnings a saved value raises (also shown on the result page)."""
    return _plausibility(kpi_input, number, last_year)


def _plausibility(kpi_input: KpiInput, number: Decimal, last: Decimal | None) -> list[Problem]:
    found: list[Problem] = []
    if kpi_input.plausible_max is not None and number > kpi_input.plausible_max:
        found.append(
            Problem(
                kpi_input.id, "value", ceiling_code(kpi_input), {"max": kpi_input.plausible_max}
            )
        )
    if last is not None and implausible_jump(number, last, kpi_input.integer):
        found.append(Problem(kpi_input.id, "value", "implausible_jump", {"last": last}))
    return found


def ceiling_code(kpi_input: KpiInput) -> str:
    """Return the code of a value above the usual ceiling.

    For a figure in 万元 its words name the likely cause: the figure typed in yuan, ten
    thousand times too large (newcomer2 #5); for one in 吨, typed in kilograms, a thousand
    times too large (qa89: 二氧化硫 35,300 from the plant's kg records).
    """
    return CEILING_CODES.get(kpi_input.unit.zh, "implausible_max")


# The units whose ceiling warning names the likely smaller unit the figure was typed in.
CEILING_CODES = {"万元": "implausible_max_yuan", "吨": "implausible_max_kg"}


def implausible_jump(number: Decimal, last: Decimal, integer: bool) -> bool:
    """Whether a value is ten times above or below last year's, worth a second look.

    Not when either year is 0 (a ratio to nothing says nothing: 1 -> 0 accidents is good
    news), nor for counts that are small in both years (SMALL_COUNT). The KPI page's
    script applies the same rule while the user types (kpi_live).
    """
    if number <= 0 or last <= 0:
        return False
    if integer and number < SMALL_COUNT and last < SMALL_COUNT:
        return False
    return number > last * IMPLAUSIBLE_JUMP or number * IMPLAUSIBLE_JUMP < last


# Whole numbers a level can be (1–4; 0 is 0 % either way): a doubt in a percentage item.
LEVEL_LIKE = range(1, 5)


def level_in_percent(item: Item, number: Decimal | None) -> Problem | None:
    """Doubt a whole number 1–4 in a percentage item: likely a level typed into its row."""
    if not item.is_percent or number is None or number != number.to_integral_value():
        return None
    if int(number) not in LEVEL_LIKE:
        return None
    return Problem(item.id, "value", "percent_like_level", {"value": number})


def evidence_cap(
    item: Item, level: int | None, number: Decimal | None, note: str | None, has_file: bool
) -> Problem | None:
    """Warn when a saved answer counts lower for missing evidence (the scoring's own rule).

    The claimed level is the one chosen, or the level a number reaches through its bands;
    `note` is the evidence note and `has_file` whether a file is uploaded to the item.
    """
    rule = item.evidence
    if rule is None:
        return None
    if item.kind is ItemKind.NUMBER:
        claimed = None if number is None else band_level(item, number)
        field = "value"
    else:
        claimed, field = level, "level"
    if claimed is None:
        return None
    noted = bool((note or "").strip())
    counted = counted_level(item, claimed, noted, has_file)
    if counted >= claimed:
        return None
    # A yes/no item is worded as its page words it (目前按“否”计), not by levels (QA63 m2).
    yes_no = "yes_no_" if item.kind is ItemKind.YES_NO else ""
    if noted and rule.file_from_level is not None and not has_file:
        params = {"claimed": claimed, "counted": counted, "needed": rule.file_from_level}
        return Problem(item.id, field, f"{yes_no}file_cap", params)
    params = {"claimed": claimed, "counted": counted, "needed": rule.from_level}
    return Problem(item.id, field, f"{yes_no}evidence_cap", params)
