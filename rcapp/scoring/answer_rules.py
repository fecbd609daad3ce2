"""The answer rules, once: what makes an answer, a KPI figure or an event wrong for a rubric.

Both the command line (`rcapp score`, through scoring.checks) and the web forms (through
assessments.validation) ask these functions and get back a `Violation`: a code, the field
it concerns and the parameters of the message. Each renders the same violation its own way:
`english()` below for the command line, assessments.messages (Chinese first, English in the
catalogue) for the pages. Codes are shared with the web's messages, so a rule added here
needs a wording in both places.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import Any

from rcapp.rubrics.model import (
    GRADE_ORDER,
    Direction,
    EventGrade,
    EventType,
    GradeScale,
    Item,
    Kpi,
    KpiInput,
    Section,
)
from rcapp.scoring.grades import GRADE_NAMES, decree_493_grade
from rcapp.scoring.kpis import is_better
from rcapp.scoring.rounding import kpi_figure

SHARE_MAX = Decimal(100)  # a percentage KPI's ceiling; also a change of -100 % reaches zero


@dataclass(frozen=True)
class Violation:
    code: str
    field: str
    params: Mapping[str, Any] = dataclass_field(default_factory=dict)


def level_rule(item: Item, level: int) -> Violation | None:
    """Check a maturity level 0-4, or yes (1) / no (0) (`max` 1: worded as yes/no)."""
    if not 0 <= level <= item.max_level:
        return Violation("level_range", "level", {"max": item.max_level, "level": level})
    return None


def number_rule(item: Item, number: Decimal) -> Violation | None:
    if not number.is_finite():
        return Violation("not_a_number", "value", {"text": str(number)})
    if item.min is not None and number < item.min:
        return Violation("below_min", "value", {"min": item.min, "value": number})
    if item.max is not None and number > item.max:
        return Violation("above_max", "value", {"max": item.max, "value": number})
    return None


def na_rule(allowed: bool, reason: str | None) -> Violation | None:
    """N/A only where allowed, and always with a reason."""
    if not allowed:
        return Violation("na_not_allowed", "is_na")
    if not (reason or "").strip():
        return Violation("na_reason_required", "na_reason")
    return None


def section_na_rule(section: Section, forbidden: bool, reason: str | None) -> Violation | None:
    """Check a whole section N/A: never where the scheme forbids it, else as for items."""
    if forbidden:
        return Violation("na_forbidden", "is_na", {"section": section.id})
    return na_rule(section.na_allowed, reason)


def kpi_input_rule(kpi_input: KpiInput, value: Decimal) -> Violation | None:
    if not value.is_finite():
        return Violation("not_a_number", "value", {"text": str(value)})
    if value < kpi_input.min:
        return Violation("below_min", "value", {"min": kpi_input.min, "value": value})
    if kpi_input.max is not None and value > kpi_input.max:
        return Violation("above_max", "value", {"max": kpi_input.max, "value": value})
    if kpi_input.integer and value != value.to_integral_value():
        return Violation("not_integer", "value", {"value": value})
    return None


def event_grade_rule(
    event_type: EventType,
    grade: EventGrade | None,
    fatalities: int,
    serious_injuries: int,
    direct_loss: Decimal | None,
) -> Violation | None:
    """Find an entered grade below what Decree 493 gives for the figures (where it applies)."""
    if event_type.scale is not GradeScale.DECREE_493 or grade is None:
        return None
    derived = decree_493_grade(fatalities, serious_injuries, direct_loss)
    if GRADE_ORDER[grade] >= GRADE_ORDER[derived]:
        return None
    return Violation("grade_below_figures", "grade", {"entered": grade, "derived": derived})


_ENGLISH = {
    "yes_no": "a yes/no item takes yes or no",
    "level_range": "level {level} is out of range 0-{max}",
    "not_a_number": "{text} is not a number",
    "below_min": "{value} is below {of}minimum {min}",
    "above_max": "{value} is above {of}maximum {max}",
    "na_not_allowed": "this {what} does not allow N/A",
    "na_reason_required": "N/A needs a reason",
    "not_integer": "{value} must be a whole number (a count)",
    "target_kpi_unknown": "unknown KPI id '{kpi}'",
    "target_base_year_missing": "the base year is missing",
    "target_base_year_late": "the base year {base} is after the reporting year {year}",
    "target_deadline_missing": "the deadline is missing",
    "target_deadline_early": "the deadline {deadline} must be after the base year",
    "target_value_xor": "give either the target value or change_pct, not both or neither",
    "target_negative": "the target value {value} cannot be negative",
    "target_share_range": "{value} % is not a share: a target for a percentage KPI is 0-100",
    "target_share_change": "this change makes the target {value} %, beyond 0-100",
    "target_change_below": "a change of {value} % would take the KPI below zero",
    "target_worse_lower": "lower is better for this KPI: the target must not exceed the base",
    "target_worse_higher": "higher is better for this KPI: the target must not be below the base",
    "target_change_worse_lower": "lower is better for this KPI: the change must be 0 or negative",
    "target_change_worse_higher": "higher is better for this KPI: the change must be 0 or more",
}


def target_rules(
    kpi_ids: frozenset[str],
    year: int,
    kpi_id: str,
    base_year: int | None,
    deadline: int | None,
    value: Decimal | None,
    change_pct: Decimal | None,
) -> list[Violation]:
    """Check one KPI target for a reporting `year`: every violation, by field.

    The base year may be the reporting year but not later; the deadline comes after the
    base year; the target is a value or a change in %, exactly one of them.
    """
    found: list[Violation] = []
    if kpi_id not in kpi_ids:
        found.append(Violation("target_kpi_unknown", "kpi", {"kpi": kpi_id}))
    if base_year is None:
        found.append(Violation("target_base_year_missing", "base_year"))
    elif base_year > year:
        found.append(
            Violation("target_base_year_late", "base_year", {"base": base_year, "year": year})
        )
    if deadline is None:
        found.append(Violation("target_deadline_missing", "deadline"))
    elif base_year is not None and deadline <= base_year:
        found.append(
            Violation(
                "target_deadline_early", "deadline", {"deadline": deadline, "base": base_year}
            )
        )
    if (value is None) == (change_pct is None):
        found.append(Violation("target_value_xor", "value"))
    for name, number in (("value", value), ("change_pct", change_pct)):
        if number is not None and not number.is_finite():
            found.append(Violation("not_a_number", name, {"text": number}))
    return found


def is_share(kpi: Kpi) -> bool:
    """Tell whether a KPI is a share (unit "%"), which lies within 0-100."""
    return kpi.unit.zh.strip() in ("%", "％")


def target_goal_rules(
    kpi: Kpi,
    base: Decimal | None,
    value: Decimal | None,
    change_pct: Decimal | None,
) -> list[Violation]:
    """Check what a target asks of its KPI: a reachable value, in the KPI's better direction.

    A percentage KPI's target lies within 0-100. `base` is the KPI's base-year value when
    known (as shown): a target value is then compared with it, and a change in %
    gives the goal. A target equal to the base (keep zero fatalities) is allowed; one on the
    worse side is not, as progress towards it would be moving away from better.
    Asked when a target is saved, not by the engine's input checks: a later edit of the
    KPI data can turn a target the worse way, and scoring.targets then judges it behind.
    """
    found: list[Violation] = []
    share = is_share(kpi)
    worse = "target_worse_lower" if kpi.better is Direction.LOWER else "target_worse_higher"
    params = {"kpi": kpi.id, "base_value": base}
    if value is not None and value.is_finite():
        if value < 0:
            found.append(Violation("target_negative", "value", {"value": value}))
        elif share and value > SHARE_MAX:
            found.append(Violation("target_share_range", "value", {"value": value}))
        elif base is not None and is_better(kpi.better, base, value, strict=True):
            found.append(Violation(worse, "value", params))
    if change_pct is not None and change_pct.is_finite():
        goal = None if base is None else kpi_figure(base * (SHARE_MAX + change_pct) / SHARE_MAX)
        if change_pct < -SHARE_MAX:
            found.append(Violation("target_change_below", "change_pct", {"value": change_pct}))
        elif change_pct > 0 if kpi.better is Direction.LOWER else change_pct < 0:
            found.append(
                Violation(worse.replace("_worse_", "_change_worse_"), "change_pct", params)
            )
        elif share and goal is not None and goal > SHARE_MAX:
            found.append(Violation("target_share_change", "change_pct", {"value": goal}))
    return found


def english(violation: Violation, what: str = "item") -> str:
    """Return the command line's wording of a violation about an item or a KPI input."""
    params = {"of": "the item's " if what == "item" else "the ", "what": what, **violation.params}
    if violation.code == "level_range" and params.get("max") == 1:
        return _ENGLISH["yes_no"]
    if violation.code == "grade_below_figures":
        entered, derived = params["entered"], params["derived"]
        return (
            f"grade {GRADE_NAMES[entered]} is below {GRADE_NAMES[derived]}, the grade "
            "Decree 493 gives for these figures"
        )
    return _ENGLISH[violation.code].format(**params)
