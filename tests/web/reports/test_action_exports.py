"""The corrective-actions workbook: who sees which actions, and the list's filters kept."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

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
