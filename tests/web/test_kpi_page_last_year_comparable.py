"""The KPI page's "last year" column follows the one comparability rule (rubrics.kpi_compare).

qa14 D4: the KPI page showed a 2024 SO2 intensity (kg/t) worked out with version 2's formula
while the ladder, the result page and year over year call EN-01's 2024 value not comparable
(version 1 defined it as tonnes). A KPI both versions define alike (RS-04) keeps its value.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.test_rubric_changes_since_last_year import real_rubrics
from tests.web.test_target_base_year_comparable import _with_ghg

__all__ = ["real_rubrics"]  # the fixture, used by name

NOT_COMPARABLE = {"zh_CN": "不可比", "en": "not comparable"}


def _row(page: str, kpi_id: str) -> str:
    """The computed-KPI row of `kpi_id` (its first basis row)."""
    found = re.search(
        r'<tr>\s*<th scope="row">(?:[^<]|</?sub>)*<span class="item-id nowrap">'
        + kpi_id
        + r"</span></th>"
        r"(.*?)</tr>",
        page,
        re.S,
    )
    assert found, kpi_id
    return found.group(1)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_last_year_of_a_kpi_defined_otherwise_is_not_comparable(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    email, assessment_id, _org = _with_ghg(db_session)
    auth.login(email)
    client.get(f"/lang/{lang}?next=/")
    page = html.unescape(client.get(f"/assessments/{assessment_id}/kpis").get_data(as_text=True))
    so2 = _row(page, "EN-01")
    assert NOT_COMPARABLE[lang] in so2
    assert "1.23" not in so2  # 0.123 t over 100 t would be 1.23 kg/t
    assert 'data-last=""' in so2 or "data-last" not in so2  # nothing for the live change
    ghg = _row(page, "RS-04")
    assert NOT_COMPARABLE[lang] not in ghg
    assert "1.44" in ghg  # (120 + 24) t over 100 t, last year's value under the same rule
