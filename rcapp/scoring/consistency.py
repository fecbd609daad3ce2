"""KPI data against the events register: the rubric's `consistency` rules.

For each rule, the year's KPI inputs it names are added up (skipped when none is
reported) and compared with the same figure summed over the register's events of its
types dated in the reporting year: deaths, serious injuries or the number of events.
`equal` flags any difference; `kpi_at_least` only a register that holds more than the KPI
data (not every lost-time case is on the register, but every registered one is a case).

A rule with `counts_for_vetoes` turns deaths the KPI data report and the register does
not into one stand-in event of its first type, dated at the end of the reporting year
(or the assessment date, if earlier), graded from its deaths: deaths count for the vetoes
whether or not anyone entered the accident.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rcapp.rubrics.model import (
    ConsistencyCompare,
    ConsistencyFigure,
    ConsistencyRule,
    GradeScale,
    Rubric,
)
from rcapp.scoring.grades import decree_493_grade
from rcapp.scoring.model import AssessmentInputs, Event
from rcapp.scoring.rounding import kpi_figure
from rcapp.scoring.scorecard import DataProblem, DataProblemKind


def register_checks(
    rubric: Rubric, inputs: AssessmentInputs, events: tuple[Event, ...], assessed: dt.date
) -> tuple[tuple[DataProblem, ...], tuple[Event, ...]]:
    """Return (mismatch problems, stand-in events for unregistered deaths)."""
    problems: list[DataProblem] = []
    stand_ins: list[Event] = []
    for rule in rubric.rating.consistency:
        reported = [inputs.kpi_inputs[i] for i in rule.kpi_inputs if i in inputs.kpi_inputs]
        if not reported:
            continue
        kpi_total = sum(reported, Decimal(0))
        register = [
            e for e in events if e.type_id in rule.event_types and e.date.year == inputs.year
        ]
        register_total = sum((_figure(rule, event) for event in register), Decimal(0))
        if _disagree(rule, kpi_total, register_total):
            problems.append(_problem(rule, kpi_total, register_total))
        if rule.counts_for_vetoes and kpi_total > register_total:
            stand_ins.append(
                _stand_in(rubric, rule, kpi_total - register_total, inputs.year, assessed)
            )
    return tuple(problems), tuple(stand_ins)


def _figure(rule: ConsistencyRule, event: Event) -> Decimal:
    if rule.figure is ConsistencyFigure.FATALITIES:
        return Decimal(event.fatalities)
    if rule.figure is ConsistencyFigure.SERIOUS_INJURIES:
        return Decimal(event.serious_injuries)
    return Decimal(1)


def _disagree(rule: ConsistencyRule, kpi_total: Decimal, register_total: Decimal) -> bool:
    if rule.compare is ConsistencyCompare.KPI_AT_LEAST:
        return register_total > kpi_total
    return register_total != kpi_total


def _problem(rule: ConsistencyRule, kpi_total: Decimal, register_total: Decimal) -> DataProblem:
    kpi_shown, register_shown = kpi_figure(kpi_total), kpi_figure(register_total)
    message = (
        f"{rule.id} ({rule.label.en}): KPI data {kpi_shown} ({' + '.join(rule.kpi_inputs)}) "
        f"but the events register {register_shown} ({', '.join(rule.event_types)} "
        f"{rule.figure.value} this year)"
    )
    return DataProblem(
        kind=DataProblemKind.KPI_REGISTER_MISMATCH,
        message=message,
        subject=rule.id,
        kpi_total=kpi_shown,
        register_total=register_shown,
        label=rule.label,
    )


def _stand_in(
    rubric: Rubric, rule: ConsistencyRule, deaths: Decimal, year: int, assessed: dt.date
) -> Event:
    type_id = rule.event_types[0]
    scale = next((t.scale for t in rubric.event_types if t.id == type_id), None)
    count = int(deaths.to_integral_value())
    grade = decree_493_grade(count) if scale is GradeScale.DECREE_493 else None
    day = min(dt.date(year, 12, 31), assessed)
    return Event(type_id, day, grade, fatalities=count, from_kpi_data=True)
