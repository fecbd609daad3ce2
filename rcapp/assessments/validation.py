"""Check what a user typed against the rubric, field by field (pure: no database, no Flask).

Every check returns the fields that are valid, to be saved, and a Problem for each that is
not, so a page can keep everything typed and put a message next to each wrong field.
Problems carry a code and parameters; assessments.messages words them for the page.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal, InvalidOperation
from typing import Any

from rcapp.rubrics.model import EventGrade, EventType, Item, ItemKind, KpiInput, Rubric, Section
from rcapp.scoring import answer_rules

NA_REASON_MAX = 1000
NOTE_MAX = 2000
COMMENT_MAX = 2000
KPI_NOTE_MAX = 500
DESCRIPTION_MAX = 4000
MAX_PEOPLE = 100_000
MAX_LOSS = Decimal("1e10")  # 10 000 yuan units: a hundred trillion yuan is a typo
IMPLAUSIBLE_JUMP = Decimal(10)


@dataclass(frozen=True)
class Problem:
    """One wrong (or, as a warning, doubtful) field: `subject` is the item/input id."""

    subject: str
    field: str
    code: str
    params: Mapping[str, Any] = dataclass_field(default_factory=dict)


@dataclass(frozen=True)
class ItemInput:
    """An item's answer as typed: level and value are raw text from the form."""

    level: str | None = None
    value: str | None = None
    is_na: bool = False
    na_reason: str = ""
    evidence_note: str = ""
    comment: str = ""


@dataclass(frozen=True)
class KpiEntry:
    value: str = ""
    note: str = ""


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


Checked = tuple[dict[str, Any], list[Problem]]


def _problem(subject: str, violation: answer_rules.Violation) -> Problem:
    """Word-free: the shared rule's code and parameters, for assessments.messages to word."""
    params = {k: v for k, v in violation.params.items() if k in ("min", "max", "text")}
    return Problem(subject, violation.field, violation.code, params)


def parse_decimal(text: str | None) -> Decimal | None:
    """Read a number as people type it: full-width digits and thousands separators too."""
    if text is None:
        return None
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace(" ", "")
    if not cleaned:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not number.is_finite():
        raise ValueError(text)
    return number


def _text(
    subject: str, name: str, text: str, limit: int, values: dict[str, Any], problems: list[Problem]
) -> None:
    cleaned = text.strip()
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
    _text(item.id, "evidence_note", typed.evidence_note, NOTE_MAX, values, problems)
    _text(item.id, "comment", typed.comment, COMMENT_MAX, values, problems)
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
    try:
        number = parse_decimal(raw)
    except ValueError:
        problems.append(Problem(item.id, "value", "not_a_number", {"text": raw}))
        return
    violation = None if number is None else answer_rules.number_rule(item, number)
    if violation is None:
        values["value"] = number
    else:
        problems.append(_problem(item.id, violation))


def _check_na(
    subject: str, allowed: bool, typed: ItemInput, values: dict[str, Any], problems: list[Problem]
) -> None:
    reason = typed.na_reason.strip()
    if len(reason) > NA_REASON_MAX:
        problems.append(Problem(subject, "na_reason", "too_long", {"limit": NA_REASON_MAX}))
    else:
        values["na_reason"] = reason or None
    if not typed.is_na:
        values["is_na"] = False
    elif (violation := answer_rules.na_rule(allowed, reason)) is not None:
        problems.append(_problem(subject, violation))
    else:
        values["is_na"] = True


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
    return values, problems


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
    _text(prerequisite_id, "comment", typed.comment, COMMENT_MAX, values, problems)
    return values, problems


def check_kpi_input(
    kpi_input: KpiInput, entry: KpiEntry, last_year: Decimal | None
) -> tuple[dict[str, Any], list[Problem], list[Problem]]:
    """Return (valid fields, problems, warnings); warnings never stop a value being saved."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    warnings: list[Problem] = []
    subject = kpi_input.id
    _text(subject, "note", entry.note, KPI_NOTE_MAX, values, problems)
    try:
        number = parse_decimal(entry.value)
    except ValueError:
        problems.append(Problem(subject, "value", "not_a_number", {"text": entry.value}))
        return values, problems, warnings
    if number is None:
        values["value"] = None
    elif (violation := answer_rules.kpi_input_rule(kpi_input, number)) is not None:
        problems.append(_problem(subject, violation))
    else:
        values["value"] = number
        warnings.extend(_plausibility(kpi_input, number, last_year))
    return values, problems, warnings


def _plausibility(kpi_input: KpiInput, number: Decimal, last: Decimal | None) -> list[Problem]:
    found: list[Problem] = []
    if kpi_input.plausible_max is not None and number > kpi_input.plausible_max:
        found.append(
            Problem(kpi_input.id, "value", "implausible_max", {"max": kpi_input.plausible_max})
        )
    if (
        last is not None
        and last > 0
        and (number > last * IMPLAUSIBLE_JUMP or number * IMPLAUSIBLE_JUMP < last)
    ):
        found.append(Problem(kpi_input.id, "value", "implausible_jump", {"last": last}))
    return found


def check_event(rubric: Rubric, typed: EventInput, today: dt.date) -> Checked:
    """Return (fields of an Event row, problems); an event is saved only when it has none."""
    values: dict[str, Any] = {"is_resolved": typed.is_resolved}
    problems: list[Problem] = []
    types = {event_type.id: event_type for event_type in rubric.event_types}
    event_type = types.get(typed.event_type)
    if event_type is None:
        problems.append(Problem("event", "event_type", "event_type_unknown"))
    else:
        values["event_type"] = event_type.id
        _check_grade(event_type.graded, typed.grade, values, problems)
    _check_date(typed.occurred_on, today, values, problems)
    for name in ("fatalities", "injuries"):
        _check_count(name, getattr(typed, name), values, problems)
    _check_loss(typed.direct_loss, values, problems)
    if event_type is not None:
        _check_figures(event_type, values, problems)
    description = typed.description.strip()
    if not description:
        problems.append(Problem("event", "description", "required"))
    else:
        _text("event", "description", description, DESCRIPTION_MAX, values, problems)
    return values, problems


def _check_figures(event_type: EventType, values: dict[str, Any], problems: list[Problem]) -> None:
    """Decree 493: the grade entered may not be below what the figures make the accident."""
    grade = values.get("grade")
    if not grade or any(name not in values for name in ("fatalities", "injuries")):
        return  # a missing or wrong field is reported on its own
    violation = answer_rules.event_grade_rule(
        event_type,
        EventGrade(grade),
        values["fatalities"],
        values["injuries"],
        values.get("direct_loss_10k_yuan"),
    )
    if violation is not None:
        derived = violation.params["derived"]
        problems.append(Problem("event", "grade", violation.code, {"derived": derived.value}))


def _check_grade(graded: bool, raw: str, values: dict[str, Any], problems: list[Problem]) -> None:
    if not graded:
        values["grade"] = None  # the type carries no grade; a stray one is dropped
    elif raw in {grade.value for grade in EventGrade}:
        values["grade"] = raw
    else:
        problems.append(Problem("event", "grade", "grade_required"))


def _check_date(raw: str, today: dt.date, values: dict[str, Any], problems: list[Problem]) -> None:
    try:
        occurred = dt.date.fromisoformat(raw.strip())
    except ValueError:
        problems.append(Problem("event", "occurred_on", "date_invalid"))
        return
    if occurred > today:
        problems.append(Problem("event", "occurred_on", "date_future"))
    elif occurred.year < today.year - 20:
        problems.append(Problem("event", "occurred_on", "date_too_old"))
    else:
        values["occurred_on"] = occurred


def _check_count(name: str, raw: str, values: dict[str, Any], problems: list[Problem]) -> None:
    try:
        number = parse_decimal(raw)
    except ValueError:
        number = Decimal(-1)
    number = Decimal(0) if number is None else number
    if number != number.to_integral_value() or not 0 <= number <= MAX_PEOPLE:
        problems.append(Problem("event", name, "count_invalid", {"max": MAX_PEOPLE}))
    else:
        values[name] = int(number)


def _check_loss(raw: str, values: dict[str, Any], problems: list[Problem]) -> None:
    try:
        number = parse_decimal(raw)
    except ValueError:
        problems.append(Problem("event", "direct_loss_10k_yuan", "not_a_number", {"text": raw}))
        return
    if number is not None and not 0 <= number < MAX_LOSS:
        problems.append(Problem("event", "direct_loss_10k_yuan", "below_min", {"min": 0}))
    else:
        values["direct_loss_10k_yuan"] = None if number is None else round(number, 2)
