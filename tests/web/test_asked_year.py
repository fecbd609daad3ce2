"""A link's `?cycle=` is a cycle id on every page; one naming no year says so (QA52 m7).

/benchmarks/organisations/4?cycle=2024 silently showed 2025 (the page takes the id), while the
members workbook took the year: a pasted or edited link showed the wrong year unsaid.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.benchmarks.services import compute_benchmarks
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world

SAID = {
    "zh_CN": "链接中的年度（cycle=2024）不存在，请从页面上的年度列表中选择。",
    "en": "The year in the link (cycle=2024) does not exist",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_link_naming_no_year_says_so_on_the_benchmark_and_group_pages(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(3)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}?next=/")
    company = world.companies[0]
    urls = (
        f"/benchmarks/organisations/{company.id}",
        f"/benchmarks/groups/{world.group.id}",
        f"/reports/working-groups/{world.group.id}/members.xlsx",
    )
    for url in urls:
        assert client.get(f"{url}?cycle={world.cycle.id}").status_code == 200
        response = client.get(f"{url}?cycle=2024")  # a year where the id goes
        assert response.status_code == 404
        assert SAID[lang] in html.unescape(response.get_data(as_text=True))
    assert client.get(f"{urls[0]}?cycle=abc").status_code == 404
    assert client.get(urls[0]).status_code == 200  # no year asked: the page's own choice
