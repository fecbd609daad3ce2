"""The lead's side-by-side table filtered as the year's list is: by stars and by review state.

The list's own fields and values (未达 1 星, 未评定 …); the filter stays through sorting and
the KPI choice, is named above the workbook's header, and a filter keeping nobody says so.
"""

from __future__ import annotations

import io
import re

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from rcapp.benchmarks.services import compute_benchmarks
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, make_review_world, reviewers_of

WORDS = {
    "zh": ("未达 1 星", "筛选：星级：未评定", "没有成员符合筛选条件"),
    "en": ("Below 1 star", "Filter: Star rating: Not rated", "No member matches the filter"),
}


def _world(db_session: Session) -> ReviewWorld:
    """Five members: 0 not rated (a prerequisite unmet), 1 vetoed, 2 under review."""
    world = make_review_world(5, unmet=[0], vetoed=[1])
    review_services.assign_reviewers(
        world.assessments[2], ReviewKind.ONSITE, reviewers_of(world, 2), world.lead
    )
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    return world


def _listed(page: str) -> list[str]:
    table = page[page.index('<table class="compare">') :]
    return re.findall(r'<th scope="row"><a href="[^"]*">([^<]*)</a></th>', table)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_stars_filter_keeps_the_not_rated_and_vetoed_and_stays_through_sorting(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = _world(db_session)
    auth.login(world.lead.email)
    auth.choose_language(lang)
    base = f"/benchmarks/groups/{world.group.id}"
    page = client.get(base).get_data(as_text=True)
    assert f">{WORDS[lang][0]}</option>" in page  # the year list's values
    assert len(_listed(page)) == 5
    page = client.get(f"{base}?stars=none&kpi=OHS-03").get_data(as_text=True)
    names = {c.display_name(lang) for c in world.companies[:2]}
    assert set(_listed(page)) == names
    assert WORDS[lang][1] in page
    # every sort link and the download keep the filter (and the KPI chosen)
    head = page[page.index('<table class="compare">') : page.index("</thead>")]
    links = re.findall(r'href="([^"]*)"', head)
    assert links
    assert all("stars=none" in link and "kpi=OHS-03" in link for link in links)
    sorted_page = client.get(f"{base}?stars=none&sort=overall&dir=desc").get_data(as_text=True)
    assert set(_listed(sorted_page)) == names
    download = re.search(r'href="(/reports/working-groups/[^"]*side-by-side[^"]*)"', page)
    assert download is not None
    assert "stars=none" in download.group(1)
    got = client.get(download.group(1).replace("&amp;", "&"))
    rows = list(load_workbook(io.BytesIO(got.data)).worksheets[0].iter_rows(values_only=True))
    assert any(r[0] == WORDS[lang][1] for r in rows)  # a line above the header names it
    listed = {r[0] for r in rows} & {c.display_name(lang) for c in world.companies}
    assert listed == names


def test_the_review_filter_keeps_the_members_under_review(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session)
    auth.login(world.lead.email)
    base = f"/benchmarks/groups/{world.group.id}"
    page = client.get(f"{base}?review=in_review").get_data(as_text=True)
    assert _listed(page) == [world.companies[2].name_zh]
    page = client.get(f"{base}?review=none").get_data(as_text=True)
    assert world.companies[2].name_zh not in _listed(page)
    assert len(_listed(page)) == 4


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_filter_keeping_nobody_says_so_instead_of_an_empty_table(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = _world(db_session)
    auth.login(world.lead.email)
    auth.choose_language(lang)
    page = client.get(f"/benchmarks/groups/{world.group.id}?stars=5&review=final")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'id="no-match"' in text
    assert WORDS[lang][2] in text
    assert '<table class="compare">' not in text
