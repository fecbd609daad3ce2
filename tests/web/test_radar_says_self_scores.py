"""The comparison page's radar says it draws self scores (QA33 S8).

It was titled "各板块得分" while it plots the self-assessed scores (as the table's
"自评得分" column and the group medians do), so a final score differed from what it showed.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.benchmarks.services import compute_benchmarks
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world


def _caption(client: FlaskClient, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    return page.split('id="radar"', 1)[1].split("<figcaption", 1)[1].split("</figcaption>")[0]


def test_the_radar_caption_names_self_scores_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    url = f"/benchmarks/groups/{world.group.id}"
    assert "各板块自评得分与工作组中位数" in _caption(client, url)
    client.get("/lang/en")
    assert "Self-assessed section scores against the working-group median" in _caption(client, url)


def test_without_group_statistics_the_caption_still_says_self_scores(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(4)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    url = f"/benchmarks/groups/{world.group.id}"
    assert "各板块自评得分" in _caption(client, url)
    client.get("/lang/en")
    assert "Self-assessed section scores" in _caption(client, url)
