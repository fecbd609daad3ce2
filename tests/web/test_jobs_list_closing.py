"""QA68 #4: a year being closed shows under Background jobs, with a link to its progress.

Freezing runs on the worker with no report job row; while it ran the list said "No report
jobs yet". The secretariat now sees the close there; organisations do not.
"""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.cycles import services
from tests.conftest import AuthActions
from tests.factories import make_world


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_a_year_being_closed_is_listed_with_a_link_to_its_progress(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    services.start_closing(world.cycle, world.secretariat)
    db_session.commit()
    assert world.cycle.is_closing
    auth.login(world.secretariat.email)
    client.get("/lang/en")
    page = client.get("/reports/jobs").get_data(as_text=True)
    assert f'href="/cycles/{world.cycle.id}#closing-heading"' in page
    assert "The year 2025 is closing: 0 of 0 submitted results frozen so far." in _text(page)


def test_a_closed_year_or_an_organisation_sees_no_close_line(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    services.start_closing(world.cycle, world.secretariat)
    db_session.commit()
    auth.login(world.user_a.email)
    assert 'id="closing-years"' not in client.get("/reports/jobs").get_data(as_text=True)
    services.finish_closing(world.cycle, world.secretariat)
    db_session.commit()
    auth.login(world.secretariat.email)
    assert 'id="closing-years"' not in client.get("/reports/jobs").get_data(as_text=True)
