"""While a close runs (正在关闭), the year page counts an unfinished review where it will stay.

The review states read a closing year's unfinished review as frozen (reviews.states), but
the page showed the frozen count only once the year was closed: for the seconds of the
freeze the review was counted nowhere (进行中 0 / 已完成 0). It is now counted under
未完成（年度关闭时冻结）, the list opens on it, and the page says the numbers may change.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.cycles import services as cycle_services
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world

NOTE = {"zh": "正在关闭，数字可能变化。", "en": "Closing: the figures may still change."}
FROZEN = {"zh": "未完成（年度关闭时冻结）", "en": "not finished (frozen at the close)"}


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_closing_years_unfinished_review_is_counted_as_frozen_with_a_note(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    reviews = assign_all(world)
    cycle_services.start_closing(world.cycle, world.secretariat)  # the freeze not run yet
    db_session.commit()
    assert world.cycle.is_closing
    auth.login(world.secretariat.email)
    if lang == "en":
        client.get("/lang/en")
    page = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    assert NOTE[lang] in _text(page)
    assert FROZEN[lang] in _text(page)
    link = re.search(r'<a href="([^"]*review=frozen[^"]*)" data-count="(\d+)"', page)
    assert link is not None
    assert int(link.group(2)) == len(reviews)
    listed = client.get(html.unescape(link.group(1))).get_data(as_text=True)
    assert "无效，已忽略" not in listed
    assert "it was ignored" not in listed
    for review in reviews:
        name = review.assessment.organisation.display_name("en" if lang == "en" else "zh")
        assert f">{name}<" in listed
