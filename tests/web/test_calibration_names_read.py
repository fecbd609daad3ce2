"""The English calibration page names reviewers as review planning does (qa72 p13).

"林静 (Lin Jing)", not the Chinese name alone.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise

SHOWN = {
    "zh": '<th scope="row">林静</th>',
    "en": '<th scope="row"><span lang="zh-CN">林静</span> (Lin Jing)',
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_calibration_names_a_reviewer_with_the_reading_on_english_pages(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    reviews = assign_all(world)
    reviews[0].assignments[0].reviewer.name = "林静"
    submit_and_finalise(reviews[0], world.lead)
    db_session.commit()
    auth.login(world.lead.email)
    auth.choose_language(lang)
    page = client.get(f"/reviews/groups/{world.group.id}/calibration").get_data(as_text=True)
    assert SHOWN[lang] in page
    if lang == "zh":
        assert "(Lin Jing)" not in page
