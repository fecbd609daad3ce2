"""Self stars held by the peer-review gate are explained on the lead's group pages.

The mini rubric's three stars need a peer review: a company whose self result would reach
them shows two, capped. The planning page and the side-by-side comparison say so beside
those stars (a short note, its title the full sentence) until a final review exists.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.benchmarks.services import compute_benchmarks
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise

WORDS = {
    "zh": ("（评审前封顶）", "自评星级已封顶：更高星级须经同行评审，目前尚无最终评审结果。"),
    "en": ("(capped until peer-reviewed)", "Self-assessed stars are capped"),
}


def _row(page: str, name: str) -> str:
    return next(row for row in page.split("<tr>") if name in row)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("url", ["/reviews/groups/{id}", "/benchmarks/groups/{id}"])
def test_capped_self_stars_say_so_until_a_final_review(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, url: str
) -> None:
    world = make_review_world(5)
    reviews = assign_all(world)
    submit_and_finalise(reviews[0], world.lead)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = html.unescape(client.get(url.format(id=world.group.id)).get_data(as_text=True))
    note, title = WORDS[lang]
    capped = _row(page, world.companies[1].display_name(lang))
    assert note in capped
    assert title in capped
    reviewed = _row(page, world.companies[0].display_name(lang))
    assert note not in reviewed
