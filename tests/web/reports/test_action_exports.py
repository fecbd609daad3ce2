"""The corrective-actions workbook: who sees which actions, and the list's filters kept."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world
from tests.integration.reports.test_scorecard_peer import _finalised
from tests.web.reports.test_downloads import all_values, has_formula, workbook

URL = "/reports/corrective-actions.xlsx"
ACTION = "演练评估报告缺签字"


def test_the_organisation_and_its_lead_download_the_action_others_do_not(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = _finalised(world)
    db_session.commit()

    auth.login(world.members[0].email)
    page = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
    assert f"{URL}?organisation={world.companies[0].id}" in page
    response = client.get(f"{URL}?organisation={world.companies[0].id}")
    assert response.status_code == 200
    values = all_values(workbook(response.data))
    assert {ACTION, "王工", "待整改", world.companies[0].name_zh} <= set(values)
    assert not has_formula(response.data)
    auth.logout()

    auth.login(world.members[1].email)  # another member of the group: not its business
    assert ACTION not in all_values(workbook(client.get(URL).data))
    auth.logout()

    auth.login(world.lead.email)
    group_page = client.get(f"/reviews/groups/{world.group.id}").get_data(as_text=True)
    assert f"{URL}?group={world.group.id}&amp;cycle=2025" in group_page
    led = workbook(client.get(f"{URL}?group={world.group.id}&cycle=2025").data)
    values = all_values(led)
    assert ACTION in values
    assert any(world.group.name_zh in str(v) for v in values[:2])  # the filter line
    assert ACTION not in all_values(workbook(client.get(f"{URL}?status=accepted").data))
    assert ACTION not in all_values(workbook(client.get(f"{URL}?cycle=2024").data))


def test_the_export_needs_a_login(client: FlaskClient, db_session: Session) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_an_overdue_action_says_by_how_many_days_and_a_leads_file_says_what_it_holds(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = _finalised(world)
    action = next(f for f in review.findings if f.text == ACTION)
    action.due_on = beijing_today() - dt.timedelta(days=65)
    db_session.commit()
    auth.login(world.lead.email)
    sheet = workbook(client.get(f"{URL}?group={world.group.id}").data).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in rows if row[0] == "单位")
    row = next(row for row in rows if ACTION in row)
    assert row[header.index("逾期天数")] == 65
    notes = [str(r[0]) for r in rows[: rows.index(header)]]
    assert any("仅列出您有权查看的整改项" in note for note in notes)
    auth.logout()
    auth.login(world.secretariat.email)
    client.get("/lang/en")
    sheet = workbook(client.get(URL).data).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in rows if row[0] == "Organisation")
    assert "Days overdue" in header
    assert not any("only" in str(r[0]) for r in rows[: rows.index(header)])
