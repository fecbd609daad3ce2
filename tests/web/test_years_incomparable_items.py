"""The year-over-year page says which items keep a section of an earlier year from
comparing, from the crosswalk (qa9 S1)."""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.test_rubric_changes_since_last_year import real_rubrics, second_year

__all__ = ["real_rubrics"]  # the fixture, used by name

WORDS = {
    "zh_CN": ("2024 年的板块得分不可比，因为评价细则改版改动了这些评价项", "管理体系："),
    "en": ("The 2024 section scores do not compare because", "Management system: "),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_years_page_names_the_changed_items(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    user, _last, current = second_year(db_session)
    auth.login(user.email)
    client.get(f"/lang/{lang}?next=/")
    response = client.get(f"/benchmarks/organisations/{current.organisation_id}/years")
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    why = page[page.index('id="incomparable-2024"') :]
    why = why[: why.index("</div>")]
    lead, section = WORDS[lang]
    assert lead in why
    assert section in why
    assert "MS.G4.3" in why
    assert "MS.G5.6" in why
    assert "MS.G1.1" not in why
    assert "社区认知和应急响应" not in why  # C1 compares
