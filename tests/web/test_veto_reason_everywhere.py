"""Why 未评定（一票否决）, on the park's residents and on an organisation's years (qa72 last stop).

The comparison and planning pages said which veto left a member without any star and linked
its result page; the park's residents table and the years page (and its workbook) said
the bare words. Now they say the same reason, linked only where the viewer may open it.
"""

from __future__ import annotations

import html
import io

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.cycles.closed_groups import freeze_groups
from rcapp.cycles.models import CycleStatus
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_park, make_user, make_working_group
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_and_finalise
from tests.web.test_lead_last_edges import VETO, _row_of


def _vetoed_world() -> ReviewWorld:
    """Five companies, the first vetoed in its self and (after its review) final result."""
    world = make_review_world(5, vetoed=[0])
    submit_and_finalise(assign_all(world)[0], world.lead)
    return world


def _link(world: ReviewWorld, lang: str) -> str:
    details = VETO[lang][2]
    return f'<a href="/assessments/{world.assessments[0].id}/result#bands-title">{details}</a>'


def _reasons(row: str, lang: str, said: int = 2) -> int:
    """Count the reasons said under 未评定（一票否决） in a table row (`said` times in it)."""
    vetoed, reason, _details = VETO[lang]
    row = html.unescape(row)
    assert row.count(vetoed) == said, row  # self and final stars (and the park's counted ones)
    return row.count(f'<span class="help veto-reason">{reason}')


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_park_residents_say_which_veto_linked_only_for_the_secretariat(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = _vetoed_world()
    park = make_park()
    for company in world.companies[:4]:
        company.park_id = park.id
    office = make_user(park)
    db_session.commit()
    url = f"/benchmarks/parks/{park.id}"
    name = world.companies[0].display_name(lang)

    # The park office sees its residents' stars, not their results: the reason, no link.
    auth.login(office.email)
    auth.choose_language(lang)
    row = _row_of(client.get(url).get_data(as_text=True), name)
    # self, final and counted towards 三星及以上 (test_counted_stars_words)
    assert _reasons(row, lang, said=3) == 2
    assert "/result" not in row
    auth.logout()

    # The secretariat may open the result: the reason and the link, under both stars.
    auth.login(world.secretariat.email)
    auth.choose_language(lang)
    row = _row_of(client.get(url).get_data(as_text=True), name)
    assert _reasons(row, lang, said=3) == 2
    assert row.count(_link(world, lang)) == 2, row


def _stars_rows(page: str) -> str:
    """The years table's two star rows (self, final), the years' columns side by side."""
    start = page.index("<tbody>")
    rows = page[start:].split("<tr>")
    return "".join(r for r in rows[1:] if 'class="num"' in r and "veto-reason" in r)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_vetoed_year_says_which_veto_and_links_that_years_result(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = _vetoed_world()
    db_session.commit()
    company = world.companies[0]
    url = f"/benchmarks/organisations/{company.id}/years"
    auth.login(world.members[0].email)
    auth.choose_language(lang)
    rows = _stars_rows(client.get(url).get_data(as_text=True))
    assert _reasons(rows, lang) == 2
    assert rows.count(_link(world, lang)) == 2, rows

    # The same words in the workbook's star cells.
    vetoed, reason, _details = VETO[lang]
    response = client.get(f"/reports/organisations/{company.id}/years.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    header_at = next(
        i for i, row in enumerate(cells) if row[0] == ("年度" if lang == "zh" else "Year")
    )
    body = {row[0]: row[1:] for row in cells[header_at + 1 :]}
    self_label, final_label = (
        ("自评星级", "最终星级")
        if lang == "zh"
        else (
            "Self-assessed stars",
            "Final stars",
        )
    )
    assert body[self_label][-1] == f"{vetoed} {reason}"
    assert body[final_label][-1] == f"{vetoed} {reason}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_lead_who_may_not_open_that_years_result_sees_the_reason_without_a_link(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5, vetoed=[0])
    # The year closed with the company in its group; it moved to another group since,
    # whose lead sees its years but not that year's result (permissions: the year's groups).
    freeze_groups(world.cycle)
    world.cycle.status = CycleStatus.CLOSED
    company = world.companies[0]
    world.group.organisations.remove(company)
    moved_to = make_working_group()
    moved_to.organisations.append(company)
    new_lead = make_user()
    make_group_role(new_lead, moved_to, GroupRole.LEAD)
    db_session.commit()
    auth.login(new_lead.email)
    auth.choose_language(lang)
    response = client.get(f"/benchmarks/organisations/{company.id}/years")
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    _vetoed, reason, _details = VETO[lang]
    assert f'<span class="help veto-reason">{reason}</span>' in page
    assert "/result#bands-title" not in page
