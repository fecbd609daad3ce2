"""The demo company's final page says what kept the next star away (qa90 #1).

Donghai Fine Chemicals' admin read her final rating (3 stars, score 82.5) on the review's
final page and saw neither which condition kept the fourth star away nor a way to the
result page that says it. The final page now names the unmet conditions in the result
page's words, with a link to its star conditions and path to improvement.
"""

from __future__ import annotations

import html

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.demo import world
from rcapp.organisations.models import Organisation
from rcapp.reviews.models import Review
from tests.demo_world import demo as demo  # the fixture, once a module


@pytest.fixture
def session(demo: Result) -> Session:
    assert demo.exit_code == 0, demo.output
    return db.session()


def _between(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


@pytest.mark.parametrize(
    ("lang", "why_not"), [("zh_CN", "为什么还不是 4 星："), ("en", "Why not yet a 4-star rating: ")]
)
def test_the_final_page_names_the_unmet_conditions_of_the_next_star(
    app: Flask, session: Session, lang: str, why_not: str
) -> None:
    company = session.scalar(select(Organisation).where(Organisation.name_zh.like("东海精细%")))
    assert company is not None
    review = next(
        r
        for r in session.scalars(select(Review))
        if r.assessment.organisation_id == company.id and r.is_final
    )
    assert review.final_stars == 3
    client = app.test_client()
    client.get(f"/lang/{lang}")
    login = client.post(
        "/login",
        data={"email": "donghai-fine.admin@" + world.DOMAIN, "password": world.DEMO_PASSWORD},
    )
    assert login.status_code == 302
    final = html.unescape(client.get(f"/reviews/{review.id}/final").get_data(as_text=True))
    result = client.get(f"/assessments/{review.assessment_id}/result").get_data(as_text=True)
    line = _between(final, 'id="next-star">', "</p>")
    assert line.startswith(why_not)
    # each condition the result page lists under "为什么还不是 4 星", in the same words
    listed = _between(html.unescape(result), 'id="why-not-title"', "</ul>")
    conditions = [c.split("</li>", 1)[0] for c in listed.split('binding">')[1:]]
    assert len(conditions) == 2  # the overall score, the own targets
    for condition in conditions:
        assert condition in line
    assert f'href="/assessments/{review.assessment_id}/result#why-not-title"' in line
