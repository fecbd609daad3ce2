"""A closed year's frozen result is final on every page with a final-stars column (QA17 S1).

The year list says "2 星 最终（自评）" for a closed year's frozen result; the lead's
side-by-side (page and workbook) and the park's residents page showed "—" and 0 final stars.
All now read assessments.queries.finals_of_record, the year list's reader.
"""

from __future__ import annotations

import io
import re

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rated_stars
from rcapp.cycles import services as cycle_services
from tests.conftest import AuthActions
from tests.factories import make_park, make_user
from tests.factories_reviews import ReviewWorld, make_review_world


def _closed(db_session: Session) -> tuple[ReviewWorld, list[int]]:
    world = make_review_world(5)
    cycle_services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    frozen = [queries_rated(a.id) for a in world.assessments]
    return world, frozen


def queries_rated(assessment_id: int) -> int:
    """The stars the year list shows for the assessment (its frozen result)."""
    return rated_stars([assessment_id])[assessment_id].stars


def _stars_cells(page: str, name: str) -> list[str]:
    row = next(r for r in page.split("<tbody>", 1)[1].split("<tr>") if name in r)
    cells = [c.split(">", 1)[1].split("</td>", 1)[0] for c in row.split('<td class="num"')[1:]]
    return [c.split('<br><span class="help capped"', 1)[0] for c in cells[1:3]]


def test_the_side_by_side_of_a_closed_year_shows_the_frozen_stars_as_final(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, frozen = _closed(db_session)
    auth.login(world.lead.email)
    url = f"/benchmarks/groups/{world.group.id}?cycle={world.cycle.id}"
    page = client.get(url).get_data(as_text=True)
    for company, stars in zip(world.companies, frozen, strict=True):
        final = _stars_cells(page, company.name_zh)[1]
        assert f'<span class="stars-num">{stars} 星</span>' in final, final
    response = client.get(
        f"/reports/working-groups/{world.group.id}/side-by-side.xlsx?cycle={world.cycle.id}"
    )
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.data)).worksheets[0].iter_rows(values_only=True))
    header = next(r for r in rows if r and "最终星级" in [str(c) for c in r])
    column = [str(c) for c in header].index("最终星级")
    by_name = {str(r[0]): r[column] for r in rows if r and r[0]}
    for company, stars in zip(world.companies, frozen, strict=True):
        assert by_name[company.name_zh] not in (None, "", "—"), by_name
        assert str(stars) in str(by_name[company.name_zh])


def test_the_parks_residents_page_of_a_closed_year_counts_the_frozen_stars(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    park = make_park()
    for company in world.companies:
        company.park_id = park.id
    office = make_user(park)
    cycle_services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    frozen = [queries_rated(a.id) for a in world.assessments]
    auth.login(office.email)
    page = client.get(f"/benchmarks/parks/{park.id}?cycle={world.cycle.id}").get_data(as_text=True)
    for stars in set(frozen):
        row = next(r for r in page.split("<tr>") if f"{stars} 星</th>" in r)
        cells = [c.split("</td>", 1)[0] for c in row.split('<td class="num">')[1:]]
        assert cells[1] == str(frozen.count(stars)), (stars, row)  # the final column
    residents = page.split('id="residents-h"')[1]
    row = next(r for r in residents.split("<tr>") if world.companies[0].name_zh in r)
    # the final stars column, before the rating counted for "three stars or more" (qa45 D5)
    assert f'<span class="stars-num">{frozen[0]} 星</span>' in row.split("</td>")[-3]


def _review_rows(page: str) -> dict[str, list[str]]:
    """The lead's review page: its rows of submitted assessments, cell texts by company."""
    table = page.split('id="all"', 1)[1].split("</table>", 1)[0]
    rows: dict[str, list[str]] = {}
    for row in table.split("<tbody>", 1)[1].split("<tr>")[1:]:
        cells = [re.sub(r"<[^>]+>", " ", c.split("</td>", 1)[0]) for c in row.split("<td")[1:]]
        texts = [" ".join(c.split(">", 1)[-1].split()) for c in cells]
        rows[texts[0]] = texts
    return rows


@pytest.mark.parametrize(
    ("lang", "star", "badge"),
    [("zh_CN", "{n} 星", "最终（自评）"), ("en", "{n} star", "Final (self-assessed)")],
)
def test_the_leads_review_page_of_a_closed_year_shows_the_frozen_stars_as_final(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, star: str, badge: str
) -> None:
    """QA19 S1: its 最终星级 column said "—" for every member of a closed year."""
    world, frozen = _closed(db_session)
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/reviews/groups/{world.group.id}?cycle={world.cycle.id}")
    assert page.status_code == 200
    rows = _review_rows(page.get_data(as_text=True))
    for company, stars in zip(world.companies, frozen, strict=True):
        name = company.name_en if lang == "en" and company.name_en else company.name_zh
        final = next(cells for key, cells in rows.items() if name in key)[5]
        assert star.format(n=stars) in final, final
        assert badge in final, final
        assert final != "—"
