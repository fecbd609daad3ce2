"""An organisation's events of a year as documents list them: the events page's columns.

The park's scorecard PDF and results workbook read the register here, from the query the
events page lists (queries.events_of), in the page's words. Each column is one entry of
`_columns`, header and cell together, so a column added to the events page (a resident
company, say) is added to every document in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from rcapp.assessments import queries
from rcapp.assessments.event_checks import outside_year
from rcapp.assessments.event_names import Names, event_type_names, type_names
from rcapp.assessments.event_residents import takes_resident
from rcapp.assessments.messages import _, grade_text
from rcapp.assessments.models import Assessment, Event
from rcapp.organisations.models import Organisation
from rcapp.rubrics.model import Rubric

Cell = str | int | Decimal | None


@dataclass(frozen=True)
class Column:
    header: str
    cell: Callable[[Event], Cell]
    figure: bool = False  # a number: right-aligned, a number cell in a workbook
    long: bool = False  # free text: wrapped


@dataclass(frozen=True)
class EventRegister:
    year: int
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    figures: frozenset[int]  # the columns of numbers (0-based)
    long: frozenset[int]  # the columns of free text (0-based)


def resident_text(
    resident: Organisation | None, lang: str, name: str | None = None, code: str | None = None
) -> str:
    """Name the resident company a park's event happened at, as the events page does.

    A registered resident by its name; one not registered in rcapp by the name the park
    typed, said to be unregistered, with its credit code when given; else the park itself.
    The reviewers' register (reviews.resubmitted) names it so too.
    """
    if resident is not None:
        return resident.display_name(lang)
    if name and code:
        return _("%(name)s（未在本系统登记；统一社会信用代码 %(code)s）", name=name, code=code)
    if name:
        return _("%(name)s（未在本系统登记）", name=name)
    return _("园区本身")


def event_where(event: Event, lang: str) -> str:
    """Name where a stored park event happened (resident_text of its columns)."""
    return resident_text(event.resident, lang, event.resident_name, event.resident_credit_code)


# Where each of a park's events naming a resident happened, by (type, date): what the
# result page's veto lines add to "事件：<date> <type>" (gate_words). Hashable: a page key.
EventPlaces = tuple[tuple[tuple[str, dt.date], str], ...]


def event_places(assessment: Assessment, lang: str) -> EventPlaces:
    """Name the resident of each park event that names one, registered or not; () a company.

    Events of one type and day at different residents are named together.
    """
    if not takes_resident(assessment):
        return ()
    places: dict[tuple[str, dt.date], list[str]] = {}
    for event in queries.events_of(assessment.organisation_id):
        if event.resident_id is not None or event.resident_name:
            said = places.setdefault((event.event_type, event.occurred_on), [])
            said.append(event_where(event, lang))
    return tuple((key, _("、").join(dict.fromkeys(names))) for key, names in places.items())


def _columns(names: dict[str, Names], lang: str, with_resident: bool) -> tuple[Column, ...]:
    where = (Column(_("发生单位（入园企业）"), lambda e: event_where(e, lang), long=True),)
    return (
        Column(_("日期"), lambda e: e.occurred_on.isoformat()),
        Column(_("类型"), lambda e: names[e.event_type][1], long=True),
        *(where if with_resident else ()),
        Column(_("等级"), lambda e: grade_text(e.grade) if e.grade else "—"),
        Column(_("死亡"), lambda e: e.fatalities, figure=True),
        Column(_("重伤"), lambda e: e.injuries, figure=True),
        Column(_("直接损失（万元）"), lambda e: e.direct_loss_10k_yuan, figure=True),
        Column(_("经过"), lambda e: e.description, long=True),
        Column(_("整改措施已完成"), lambda e: _("是") if e.is_resolved else _("否")),
    )


def event_register(assessment: Assessment, rubric: Rubric, lang: str) -> EventRegister:
    """Return the organisation's events dated in the assessment's year, newest first.

    The events page lists every year's events and marks those outside the year; a year's
    documents list that year's only.
    """
    year = assessment.cycle.year
    events = [
        e
        for e in queries.events_of(assessment.organisation_id)
        if not outside_year(e.occurred_on, year)
    ]
    names, _lacking = event_type_names(
        assessment, rubric, {e.event_type for e in events}, lang, type_names
    )
    columns = _columns(names, lang, takes_resident(assessment))
    return EventRegister(
        year,
        tuple(c.header for c in columns),
        tuple(tuple(c.cell(e) for c in columns) for e in events),
        frozenset(i for i, c in enumerate(columns) if c.figure),
        frozenset(i for i, c in enumerate(columns) if c.long),
    )
