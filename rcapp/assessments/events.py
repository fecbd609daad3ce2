"""The organisation's event register (accidents, incidents), kept from its assessments.

Events belong to the organisation, not to one year: the veto windows look back up to ten
years. An event can be changed or removed only through the assessment it was recorded
in, and only while that assessment is editable.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.changes import Conflict, diff, lock_editable, touch
from rcapp.assessments.event_checks import check_event
from rcapp.assessments.event_residents import check_where
from rcapp.assessments.models import Assessment, Event
from rcapp.assessments.validation import EventInput, Problem
from rcapp.audit.queries import last_change
from rcapp.audit.services import record
from rcapp.errors import NotFound
from rcapp.rubrics.model import Rubric

logger = logging.getLogger(__name__)

CHINA_TIME = dt.timezone(dt.timedelta(hours=8))
_SAVES = ("event.add", "event.update")  # what gives an event its stored values
_FIELDS = (
    "event_type",
    "grade",
    "occurred_on",
    "fatalities",
    "injuries",
    "direct_loss_10k_yuan",
    "description",
    "is_resolved",
    "resident_id",
    "resident_name",
    "resident_credit_code",
)


def local_today() -> dt.date:
    """Today in China (UTC+8, no daylight saving): what users call today."""
    return dt.datetime.now(CHINA_TIME).date()


def event_values(event: Event) -> dict[str, Any]:
    """Return the event's fields as the audit log records them (and review pages list them)."""
    return {name: getattr(event, name) for name in _FIELDS}


def _same_words(text: str) -> str:
    return " ".join(text.split())


def find_duplicate(organisation_id: int, values: dict[str, Any]) -> Event | None:
    """Return an event already registered with the same type, date and description."""
    description = _same_words(values["description"])
    found = db.session().scalars(
        select(Event).where(
            Event.organisation_id == organisation_id,
            Event.event_type == values["event_type"],
            Event.occurred_on == values["occurred_on"],
        )
    )
    return next((e for e in found if _same_words(e.description) == description), None)


def _checked(
    assessment: Assessment, rubric: Rubric, typed: EventInput, kept: int | None = None
) -> tuple[dict[str, Any], list[Problem]]:
    """Check the event's fields and the resident it names (`kept`: the one it names now)."""
    values, problems = check_event(rubric, typed, local_today())
    where, wrong = check_where(
        assessment, typed.resident, typed.resident_name, typed.resident_credit_code, kept
    )
    return {**values, **where}, [*problems, *wrong]


def add_event(
    assessment: Assessment,
    rubric: Rubric,
    typed: EventInput,
    actor: User,
    confirmed_duplicate: int | None = None,
) -> tuple[Event | None, list[Problem]]:
    """Record a new event in the organisation's register; nothing is saved if any field is wrong.

    An event like one registered already (same type, date and description) is refused with a
    "duplicate" problem naming it, unless `confirmed_duplicate` is that event's id: the user
    has seen the warning and says it is another event.
    """
    lock_editable(assessment, "add an event")
    values, problems = _checked(assessment, rubric, typed)
    if problems:
        return None, problems
    twin = find_duplicate(assessment.organisation_id, values)
    if twin is not None and twin.id != confirmed_duplicate:
        params = {"date": twin.occurred_on.isoformat(), "event": twin.id}
        return None, [Problem("event", "description", "duplicate", params)]
    event = Event(
        organisation_id=assessment.organisation_id, recorded_in_id=assessment.id, **values
    )
    db.session().add(event)
    db.session().flush()
    record(
        actor,
        "assessment",
        assessment.id,
        "event.add",
        field=f"event:{event.id}",
        after=event_values(event),
    )
    touch(assessment)
    logger.info("event %s added to org %s", event.id, assessment.organisation_id)
    return event, []


def _own_event(assessment: Assessment, event: Event) -> None:
    if event.organisation_id != assessment.organisation_id or (
        event.recorded_in_id != assessment.id
    ):
        raise NotFound(f"event {event.id} is not recorded in assessment {assessment.id}")


def update_event(
    assessment: Assessment,
    rubric: Rubric,
    event: Event,
    typed: EventInput,
    actor: User,
    based_on: int | None = None,
) -> list[Problem] | Conflict:
    """Change an event recorded in this assessment; nothing changes if any field is wrong.

    Return the Conflict instead when the event changed since version `based_on`.
    """
    lock_editable(assessment, "change an event")
    _own_event(assessment, event)
    values, problems = _checked(assessment, rubric, typed, event.resident_id)
    if problems:
        return problems
    before, after = diff(event_values(event), values)
    if after and based_on is not None and based_on != event.version:
        # who saved it last, from the audit log: the same user in another tab is told so
        last = last_change("assessment", assessment.id, f"event:{event.id}", _SAVES)
        by = None if last is None else last.actor_id
        return Conflict(f"event:{event.id}", event.version, event_values(event), by)
    if after:
        for name, value in after.items():
            setattr(event, name, value)
        db.session().flush()
        record(
            actor,
            "assessment",
            assessment.id,
            "event.update",
            field=f"event:{event.id}",
            before=before,
            after=after,
        )
        touch(assessment)
    return []


def delete_event(assessment: Assessment, event: Event, actor: User) -> None:
    lock_editable(assessment, "delete an event")
    _own_event(assessment, event)
    record(
        actor,
        "assessment",
        assessment.id,
        "event.delete",
        field=f"event:{event.id}",
        before=event_values(event),
    )
    db.session().delete(event)
    touch(assessment)
    db.session().flush()
    logger.info("event %s deleted from org %s", event.id, assessment.organisation_id)
