"""A KPI's change is written with the KPI's decimals, as its figures are (scoring.kpi_text).

The change column read "-1 (-100 %)" beside the rate's "1.00" and "0.00". The reviewer's
read-only KPI data page writes it through the same function as the organisation's KPI page
(kpi_table.RateRow.change_text); a count keeps its whole change.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world
from tests.web.test_review_data_marks import _doubted


def _cells(page: str, row_id: str) -> list[str]:
    row = page.split(f'id="{row_id}"')[1].split("</tr>")[0]
    return [cell.split(">", 1)[1].split("</td>")[0].strip() for cell in row.split("<td")[1:]]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_reviewers_kpi_data_page_writes_a_rates_change_with_its_decimals(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(4)
    review = _doubted(world)  # lost-time injuries 2 → 0 in 2,000,000 hours
    db_session.commit()
    assignment = review.assignments[0]
    auth.login(assignment.reviewer.email)
    auth.choose_language(lang)
    url = f"/reviews/assignments/{assignment.id}/kpi-data"
    page = html.unescape(client.get(url).get_data(as_text=True))
    ltif = _cells(page, "rate-OHS-03")
    assert ltif[1:] == ["1.00", "0.00", "-1.00 (-100 %)"]  # was "-1 (-100 %)"
    injuries = _cells(page, "input-lti_employees")
    assert injuries[-1] == "-2 (-100 %)"  # an input's change as typed, whole
