"""Accident grades that follow the law: Decree 493 grades derived from an event's figures.

State Council Decree 493 (《生产安全事故报告和调查处理条例》, art. 3) grades a
production-safety accident by the worst of three figures; "以上" includes the number
itself, "以下" does not:

| grade | deaths | serious injuries | direct loss (CNY) |
|---|---|---|---|
| 特别重大 especially major | ≥ 30 | ≥ 100 | ≥ 100 M |
| 重大 major | 10-29 | 50-99 | 50-100 M |
| 较大 larger | 3-9 | 10-49 | 10-50 M |
| 一般 general | < 3 | < 10 | < 10 M |

For event types with `scale: decree_493` the grade that counts is the higher of the
entered and the derived one; an entered grade below the derived one (or none entered
where the figures make it 较大 or worse) is a data problem shown to user and reviewer.
Events dated after the assessment date are listed as a data problem and never counted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from rcapp.rubrics.model import GRADE_ORDER, EventGrade, GradeScale, Rubric
from rcapp.scoring.model import Event
from rcapp.scoring.scorecard import DataProblem, DataProblemKind

_G = EventGrade
# (least figure, grade), worst grade first; direct loss in CNY 10,000 (万元).
DEATHS = ((30, _G.ESPECIALLY_MAJOR), (10, _G.MAJOR), (3, _G.LARGER))
SERIOUS_INJURIES = ((100, _G.ESPECIALLY_MAJOR), (50, _G.MAJOR), (10, _G.LARGER))
DIRECT_LOSS = (
    (Decimal(10_000), _G.ESPECIALLY_MAJOR),
    (Decimal(5_000), _G.MAJOR),
    (Decimal(1_000), _G.LARGER),
)
GRADE_NAMES = {
    _G.GENERAL: "一般 general",
    _G.LARGER: "较大 larger",
    _G.MAJOR: "重大 major",
    _G.ESPECIALLY_MAJOR: "特别重大 especially major",
}


def _by(value: Decimal, table: Iterable[tuple[Decimal | int, EventGrade]]) -> EventGrade:
    return next((grade for least, grade in table if value >= least), _G.GENERAL)


def decree_493_grade(
    fatalities: int, serious_injuries: int = 0, direct_loss: Decimal | None = None
) -> EventGrade:
    """Return the grade the figures give: the worst of deaths, serious injuries and loss."""
    grades = (
        _by(Decimal(fatalities), DEATHS),
        _by(Decimal(serious_injuries), SERIOUS_INJURIES),
        _by(direct_loss if direct_loss is not None else Decimal(0), DIRECT_LOSS),
    )
    return max(grades, key=GRADE_ORDER.__getitem__)


def higher(one: EventGrade | None, other: EventGrade) -> EventGrade:
    if one is None or GRADE_ORDER[one] < GRADE_ORDER[other]:
        return other
    return one


def counted_events(
    rubric: Rubric, events: tuple[Event, ...], assessed: dt.date, year: int | None = None
) -> tuple[tuple[Event, ...], tuple[DataProblem, ...]]:
    """Return the events with the grades that count, and the grade and date problems.

    An event dated after the assessment date is not counted. Within the reporting `year`
    (or before it) that is worth checking; an event of a later year simply belongs to
    that year's assessment and is no problem of this one (nor is its grade).
    """
    scales = {event_type.id: event_type.scale for event_type in rubric.event_types}
    counted: list[Event] = []
    problems: list[DataProblem] = []
    for index, event in enumerate(events):
        later_year = year is not None and event.date.year > year
        if event.date > assessed and not later_year:
            problems.append(_after(index, event, assessed))
        if later_year or scales.get(event.type_id) is not GradeScale.DECREE_493:
            counted.append(event)
            continue
        derived = decree_493_grade(event.fatalities, event.serious_injuries, event.direct_loss)
        grade = higher(event.grade, derived)
        if grade != event.grade and (event.grade is not None or derived is not _G.GENERAL):
            problems.append(_below(index, event, derived))
        counted.append(dataclasses.replace(event, grade=grade))
    return tuple(counted), tuple(problems)


def _below(index: int, event: Event, derived: EventGrade) -> DataProblem:
    entered = "not entered" if event.grade is None else GRADE_NAMES[event.grade]
    figures = f"{event.fatalities} deaths, {event.serious_injuries} serious injuries"
    if event.direct_loss is not None:
        figures += f", direct loss {event.direct_loss} (CNY 10k)"
    message = (
        f"events[{index}] {event.type_id} on {event.date.isoformat()}: grade {entered}, but "
        f"{figures} make it {GRADE_NAMES[derived]} under Decree 493; the higher grade counts"
    )
    return DataProblem(
        kind=DataProblemKind.GRADE_BELOW_FIGURES,
        message=message,
        subject=event.type_id,
        event_index=index,
        event_date=event.date,
        entered=None if event.grade is None else event.grade.value,
        derived=derived.value,
    )


def _after(index: int, event: Event, assessed: dt.date) -> DataProblem:
    message = (
        f"events[{index}] {event.type_id} on {event.date.isoformat()} is dated after the "
        f"assessment date {assessed.isoformat()}: not counted; check the date"
    )
    return DataProblem(
        kind=DataProblemKind.EVENT_AFTER_ASSESSMENT,
        message=message,
        subject=event.type_id,
        event_index=index,
        event_date=event.date,
    )
