"""Veto rules (一票否决): which events in their window take the stars away or cap them.

An event triggers a rule when its type matches, its grade is at least `min_grade` (an
ungraded event never meets a grade), it has at least `min_fatalities`, it is unresolved
when the rule only counts unresolved events, and it happened within the window: after
the date `window_months` calendar months before the assessment date and no later than
the assessment date (12 months before 2025-06-30 is 2024-06-30, which is outside; a
month end is clamped, so 1 month before 03-31 is 02-28 or 02-29).

Rules may also ask for figures: at least `min_serious_injuries` serious injuries and a
direct loss of at least `min_direct_loss` (CNY 10,000). With `scope: window_total` the
figures are summed over every event of the type (and grade) in the window, so several
smaller fatal accidents add up; the hit names the latest of them.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from rcapp.rubrics.model import GRADE_ORDER, VetoEffect, VetoRule, VetoScope
from rcapp.scoring.model import Event
from rcapp.scoring.scorecard import VetoHit


def months_before(day: dt.date, months: int) -> dt.date:
    """Return the same day `months` calendar months earlier, clamped to the month's end."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def counted_until(rule: VetoRule, event_date: dt.date) -> dt.date:
    """Return the first assessment date on which an event of `event_date` no longer counts.

    The window ends `window_months` calendar months after the event (the day `counts`
    stops counting it: a month's end may clamp, so the first day it is out is found).
    """
    year, month0 = divmod(event_date.year * 12 + event_date.month - 1 + rule.window_months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    day = dt.date(year, month0 + 1, min(event_date.day, last))
    while months_before(day, rule.window_months) < event_date:
        day += dt.timedelta(days=1)
    return day


def counts(rule: VetoRule, event: Event, assessed: dt.date) -> bool:
    """Whether the event is of the rule's kind (type, grade, unresolved) and in its window."""
    if event.type_id != rule.event_type:
        return False
    if rule.min_grade is not None and (
        event.grade is None or GRADE_ORDER[event.grade] < GRADE_ORDER[rule.min_grade]
    ):
        return False
    if rule.only_unresolved and event.resolved:
        return False
    return months_before(assessed, rule.window_months) < event.date <= assessed


def _figures_meet(rule: VetoRule, fatalities: int, injuries: int, loss: Decimal) -> bool:
    return (
        fatalities >= rule.min_fatalities
        and injuries >= rule.min_serious_injuries
        and (rule.min_direct_loss is None or loss >= rule.min_direct_loss)
    )


def triggers(rule: VetoRule, event: Event, assessed: dt.date) -> bool:
    loss = event.direct_loss if event.direct_loss is not None else Decimal(0)
    return counts(rule, event, assessed) and _figures_meet(
        rule, event.fatalities, event.serious_injuries, loss
    )


def _triggering(rule: VetoRule, events: list[Event], assessed: dt.date) -> Event | None:
    """Return the latest event that triggers the rule (events sorted latest first)."""
    if rule.scope is VetoScope.EACH_EVENT:
        return next((e for e in events if triggers(rule, e, assessed)), None)
    window = [e for e in events if counts(rule, e, assessed)]
    loss = sum((e.direct_loss or Decimal(0) for e in window), Decimal(0))
    deaths = sum(e.fatalities for e in window)
    injuries = sum(e.serious_injuries for e in window)
    if window and _figures_meet(rule, deaths, injuries, loss):
        return window[0]
    return None


def veto_hits(
    rules: Iterable[VetoRule], events: Iterable[Event], assessed: dt.date
) -> tuple[VetoHit, ...]:
    """Return one hit per rule, for its latest triggering event, in rule order."""
    hits: list[VetoHit] = []
    event_list = sorted(events, key=lambda event: event.date, reverse=True)
    for rule in rules:
        event = _triggering(rule, event_list, assessed)
        if event is not None:
            hits.append(
                VetoHit(
                    rule_id=rule.id,
                    title=rule.title,
                    effect=rule.effect,
                    max_stars=rule.max_stars,
                    event_type=event.type_id,
                    event_date=event.date,
                    from_kpi_data=event.from_kpi_data,
                )
            )
    return tuple(hits)


def star_cap(hits: Iterable[VetoHit]) -> int | None:
    """Return the most stars the hits allow (0 for a no-star veto); None without hits."""
    caps = [0 if hit.effect is VetoEffect.NO_STAR else hit.max_stars or 0 for hit in hits]
    return min(caps, default=None)


def worded_now(hits: Iterable[VetoHit], rules: Iterable[VetoRule]) -> tuple[VetoHit, ...]:
    """Return stored hits titled as their rules are worded now (the rubric with its errata).

    A stored scorecard keeps each hit's rule id (what vetoed: errata never change it) and
    the title as worded when it was scored; pages and new documents name the rule by its
    id in today's wording. A closed year's frozen result is a record: it keeps its own.
    """
    titles = {rule.id: rule.title for rule in rules}
    return tuple(dataclasses.replace(hit, title=titles.get(hit.rule_id, hit.title)) for hit in hits)
