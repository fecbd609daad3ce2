"""Check a typed event of the register field by field (pure: no database, no Flask)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rcapp.assessments.validation import (
    DESCRIPTION_MAX,
    MAX_LOSS,
    MAX_PEOPLE,
    Checked,
    EventInput,
    Problem,
    clean_text,
    number_field,
    parse_decimal,
    text_field,
)
from rcapp.day_example import example_day
from rcapp.rubrics.model import GRADE_ORDER, EventGrade, EventType, Rubric, Text
from rcapp.scoring import answer_rules
from rcapp.scoring.grades import decree_493_grade

LOSS_UNIT = Decimal(10_000)  # the loss is typed in CNY 10,000 (万元)
# The loss's unit, named when a typed loss is refused: "12.5万" is the commonest (qa89).
LOSS_UNIT_WORDS = Text(zh="万元", en="10,000 CNY")  # as the column is named


def check_event(rubric: Rubric, typed: EventInput, today: dt.date) -> Checked:
    """Return (fields of an Event row, problems); an event is saved only when it has none."""
    values: dict[str, Any] = {"is_resolved": typed.is_resolved}
    problems: list[Problem] = []
    types = {event_type.id: event_type for event_type in rubric.event_types}
    event_type = types.get(typed.event_type)
    if event_type is None:
        problems.append(_unknown_type(typed.event_type))
    else:
        values["event_type"] = event_type.id
        _check_grade(event_type, typed.grade, values, problems)
    _check_date(typed.occurred_on, today, values, problems)
    for name in ("fatalities", "injuries"):
        _check_count(name, getattr(typed, name), values, problems)
    _check_loss(typed.direct_loss, values, problems)
    doubt = None if _confirmed(typed) else loss_raises_grade(values)
    if doubt is not None:
        problems.append(doubt)  # the grade check waits for the figure to be confirmed
    elif event_type is not None:
        _check_figures(event_type, values, problems)
    description = clean_text(typed.description)
    if not description:
        problems.append(Problem("event", "description", "required"))
    else:
        text_field("event", "description", description, DESCRIPTION_MAX, values, problems)
    return values, problems


def loss_raises_grade(values: Mapping[str, Any]) -> Problem | None:
    """Doubt a direct loss that makes the event a worse Decree 493 grade than its casualties.

    The loss is typed in CNY 10,000 (万元): 350000 meant as CNY 350,000 is CNY 3.5 billion,
    an especially major accident (qa50 M1). Saved only once the user confirms the figure.
    """
    loss = values.get("direct_loss_10k_yuan")
    if loss is None or any(name not in values for name in ("fatalities", "injuries")):
        return None
    by_people = decree_493_grade(values["fatalities"], values["injuries"])
    derived = decree_493_grade(values["fatalities"], values["injuries"], loss)
    if GRADE_ORDER[derived] <= GRADE_ORDER[by_people]:
        return None
    params = {
        "loss": loss,
        "yuan": loss * LOSS_UNIT,
        "derived": derived.value,
        "by_people": by_people.value,
    }
    return Problem("event", "direct_loss_10k_yuan", "loss_raises_grade", params)


def _confirmed(typed: EventInput) -> bool:
    """Whether the user ticked "数值无误" for the loss now typed (not for an earlier figure)."""
    try:
        confirmed = parse_decimal(typed.loss_confirmed)
        return confirmed is not None and confirmed == parse_decimal(typed.direct_loss)
    except ValueError:
        return False


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


def _unknown_type(raw: str) -> Problem:
    """None chosen asks to choose; a name the rubric does not know (a spreadsheet) is named."""
    text = clean_text(raw)
    if not text:
        return Problem("event", "event_type", "event_type_required")
    return Problem("event", "event_type", "event_type_unknown", {"text": text})


def _check_grade(
    event_type: EventType, raw: str, values: dict[str, Any], problems: list[Problem]
) -> None:
    if not event_type.graded:
        # A grade given to a type that has none is refused, not dropped without a word.
        if raw.strip():
            params = {"type_zh": event_type.label.zh, "type_en": event_type.label.en}
            problems.append(Problem("event", "grade", "grade_not_graded", params))
        else:
            values["grade"] = None
    elif raw in {grade.value for grade in EventGrade}:
        values["grade"] = raw
    else:
        problems.append(Problem("event", "grade", "grade_required"))


def outside_year(occurred_on: dt.date, year: int) -> bool:
    """Whether an event is dated outside a reporting year: saved, and the user is asked."""
    return occurred_on.year != year


def _bad_date(raw: str) -> Problem:
    """Refuse a date: an empty one is asked for, a typed one is said back.

    A typed date ("3月15日", no year, qa89) is named with the format and an example, as
    every other day field says it.
    """
    typed = " ".join(raw.split())
    if not typed:
        return Problem("event", "occurred_on", "date_invalid")
    params = {"text": typed, "date": example_day(past=True).isoformat()}
    return Problem("event", "occurred_on", "date_unreadable", params)


def _check_date(raw: str, today: dt.date, values: dict[str, Any], problems: list[Problem]) -> None:
    try:
        occurred = dt.date.fromisoformat(raw.strip())
    except ValueError:
        problems.append(_bad_date(raw))
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
    ok, number = number_field(
        "event", "direct_loss_10k_yuan", raw, problems, unit=LOSS_UNIT_WORDS, worded=True
    )
    if not ok:
        return
    if number is not None and not 0 <= number < MAX_LOSS:
        problems.append(Problem("event", "direct_loss_10k_yuan", "below_min", {"min": 0}))
    else:
        values["direct_loss_10k_yuan"] = None if number is None else round(number, 2)
