"""The KPI page does not work out a change between a typed figure and rcapp's count.

A park typed its three-star count in 2024 (park rubric v1); in 2025 (v2) rcapp counts its
rated residents. The 变化 column compared the two (10.71 % against 0) as if alike; it now
says 口径不同：2024 年为填报值，2025 年为入园企业汇总, as the years page marks a rubric
change "not comparable". Two years on one rule still show their change.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.parks import closed_park_year as _closed_year
from tests.parks import park_assessment as _park_assessment
from tests.parks import real_rubrics  # noqa: F401 - the fixture

SHARE = '<span class="item-id nowrap">PK-RC-02</span>'
NOTE = {
    "zh": "口径不同：2024 年为填报值，2025 年为入园企业汇总",
    "en": "Not comparable: 2024 is the figure the park reported, 2025 a count of its residents",
}


def _change_cells(client: FlaskClient, assessment_id: int, marker: str) -> str:
    """The last cell (变化) of the row `marker` starts: a KPI's code, or an input's row id."""
    page = client.get(f"/assessments/{assessment_id}/kpis").get_data(as_text=True)
    start = page.index(marker)
    row = page[start : page.index("</tr>", start)]
    return re.split(r'<td class="num">', row)[-1]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_typed_year_and_a_counted_year_are_marked_not_compared(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - the fixture
    lang: str,
) -> None:
    admin: User = make_user(None)
    park, _earlier = _closed_year(admin, 1, [2, 1])  # 2024: typed 9 of 84
    own = _park_assessment(park, 2025, 2, companies_resident="86")  # 2025: counted, 0
    staff = make_user(park)
    db_session.commit()
    auth.login(staff.email)
    if lang == "en":
        client.get("/lang/en")
    share = _change_cells(client, own.id, SHARE)
    assert NOTE[lang] in share
    assert "data-rate-change" not in share  # the page's script does not write a change there
    assert "%" not in share.split("</span>")[-1]
    count = _change_cells(client, own.id, 'id="kpi-companies_3star"')
    assert NOTE[lang] in count


def test_two_counted_years_still_show_their_change(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - the fixture
) -> None:
    admin: User = make_user(None)
    park, _earlier = _closed_year(admin, 2, [3, 4, 1])  # 2024: counted, 2 of 84
    own = _park_assessment(park, 2025, 2, companies_resident="86")
    staff = make_user(park)
    db_session.commit()
    auth.login(staff.email)
    share = _change_cells(client, own.id, SHARE)
    assert "口径不同" not in share
    assert "data-rate-change" in share
