"""A huge number in a ranged item says the range, not "too large" (QA32 S8)."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment


@pytest.mark.parametrize("typed", ["1e300", "123456789012345678901234567890", "150"])
@pytest.mark.parametrize(
    ("lang", "said", "not_said"),
    [("zh_CN", "数值（次）：数值不能大于 100。", "数值过大"),
     ("en", "cannot be greater than 100", "too large")],
)  # fmt: skip
def test_the_range_wins_over_the_size_limit(
    client: FlaskClient, db_session: Session, auth: AuthActions, typed: str, lang: str,
    said: str, not_said: str,
) -> None:  # fmt: skip
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/C1"
    client.get(f"/lang/{lang}?next={url}")
    response = client.post(url, data={"C1.E1.2__value": typed})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = re.search(r'id="C1\.E1\.2__value-error">([^<]*)<', page)
    assert error is not None
    assert said in error.group(1)
    assert not_said not in error.group(1)
    assert f'value="{typed}"' in page  # what was typed stays
