"""A result that is not rated has one name in lists: 未评定, as on every other list.

The annual workbook's result table and star distribution are lists (the park page counts
the same way); the result page and the scorecard keep their verdict, 不予评级 with why.
"""

from __future__ import annotations

import io

import openpyxl
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world


def test_the_annual_workbook_lists_a_result_not_rated_as_not_rated(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(2, unmet=[0])
    db_session.commit()
    auth.login(world.secretariat.email)
    response = client.get(f"/reports/cycles/{world.cycle.id}/annual.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    values = [c.value for sheet in book for row in sheet.iter_rows() for c in row]
    assert "不予评级" not in values
    results = book.worksheets[0]
    row = next(r for r in results.iter_rows(values_only=True) if world.companies[0].name_zh in r)
    assert "未评定" in row
    counts = [r for s in book for r in s.iter_rows(values_only=True) if r and r[0] == "未评定"]
    assert [r[1] for r in counts] == [1]  # the star distribution: one result not rated
