"""A park's event added through its events page, and the pages that record it afterwards."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.event_residents import ParkWorld, park_world
from tests.factories import make_secretariat
from tests.web.helpers import page_text
from tests.web.test_no_lost_event_and_target_edits import EVENT

SECRETARIAT_EMAIL = "sec@example.cn"


def park_signed_in(db_session: Session, auth: AuthActions) -> ParkWorld:
    """Make a park (`park_world`) and a secretariat user (SECRETARIAT_EMAIL); sign in the
    park's user A."""
    park = park_world()
    make_secretariat(email=SECRETARIAT_EMAIL)
    db_session.commit()
    auth.login(park.world.user_a.email)
    return park


def add_event(client: FlaskClient, park: ParkWorld, **where: str) -> None:
    """Add EVENT on the park's events page with the resident fields `where` (it must save)."""
    saved = client.post(f"/assessments/{park.assessment.id}/events", data={**EVENT, **where})
    assert saved.status_code == 302


def audit_filters(park: ParkWorld) -> str:
    """The audit log's filters for the entries of the park's assessment."""
    return f"entity=assessment&entity_id={park.assessment.id}"


def history_and_audit_log(
    client: FlaskClient, auth: AuthActions, park: ParkWorld, lang: str
) -> tuple[str, str]:
    """In `lang`, the HTML of the park assessment's change history as the signed-in user
    reads it, then of its audit log as the secretariat (SECRETARIAT_EMAIL) reads it."""
    client.get(f"/lang/{lang}")
    history = page_text(client, f"/assessments/{park.assessment.id}/history")
    auth.login(SECRETARIAT_EMAIL)
    client.get(f"/lang/{lang}")
    return history, page_text(client, f"/audit/?{audit_filters(park)}")
