"""A draft that locked while its page was open: the year closed, or a colleague submitted it."""

from __future__ import annotations

import datetime as dt
import html

from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment, Event
from rcapp.cycles.services import start_closing
from tests.conftest import AuthActions
from tests.factories import World, fill_complete, make_user, make_world, start


def response_text(response: object) -> str:
    """The response's HTML with its entities read, as the user sees the words."""
    return html.unescape(response.get_data(as_text=True))  # type: ignore[attr-defined]


def minor_accident(
    organisation_id: int, assessment_id: int, description: str = "储罐区泄漏"
) -> Event:
    """A general safety accident on 1 March 2025, one injured, recorded in `assessment_id`."""
    return Event(
        organisation_id=organisation_id,
        recorded_in_id=assessment_id,
        event_type="safety_accident",
        grade="general",
        occurred_on=dt.date(2025, 3, 1),
        fatalities=0,
        injuries=1,
        description=description,
    )


def complete_draft_and_colleague() -> tuple[World, Assessment, User]:
    """Organisation A's complete draft and a colleague, 孙志强, to submit it meanwhile."""
    world = make_world()
    assessment = start(world)
    colleague = make_user(world.org_a, name="孙志强")
    fill_complete(assessment, world.user_a)
    return world, assessment, colleague


def closed_world(db_session: Session, auth: AuthActions) -> tuple[World, Assessment]:
    """Organisation A's draft, the page opened, then the year closed by the secretariat."""
    world = make_world()
    assessment = start(world)
    db_session.commit()
    auth.login(world.user_a.email)
    start_closing(world.cycle, world.secretariat)
    db_session.commit()
    return world, assessment
