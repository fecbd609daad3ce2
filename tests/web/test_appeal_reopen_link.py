"""QA68 #6: a closed year's appeal links to reopening it; the reopen page names the appeals.

An appeal of a closed year can only be dismissed. The appeals page says to reopen the year
first: the secretariat gets the link there, and the reopen page counts the appeals waiting
and links each.
"""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.cycles import services as cycle_services
from rcapp.reviews import settling
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise
from tests.web.helpers import page_text


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_closed_years_appeal_links_to_the_reopen_page_that_names_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    reviews = assign_all(world)
    submit_and_finalise(reviews[0], world.lead)
    assert reviews[0].appeal_until is not None
    appeal = settling.file_appeal(
        reviews[0], "证据未被充分考虑", reviews[0].appeal_until, world.members[0]
    )
    cycle_services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get("/lang/en")
    reopen = f"/cycles/{world.cycle.id}/reopen"
    assert f'href="{reopen}"' in page_text(client, "/reviews/appeals")
    page = page_text(client, reopen)
    assert "1 appeal is waiting for a decision:" in _text(page)
    assert f'href="/reviews/appeals#appeal-{appeal.id}"' in page
    assert world.companies[0].display_name("en") in _text(page)


def test_the_reopen_page_says_nothing_of_appeals_when_none_wait(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    cycle_services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    auth.login(world.secretariat.email)
    assert 'id="waiting-appeals"' not in page_text(client, f"/cycles/{world.cycle.id}/reopen")
