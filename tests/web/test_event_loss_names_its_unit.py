"""qa89: a loss typed "12.5万" (in the 万元 column, in Excel or on the events page) was refused
with a bare "不是有效数字"; the KPI figures' refusal names the unit and says to type the
number only. The loss's refusal now does too; what was typed stays in the form."""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.helpers import EVENT_FORM, member_with_assessment, words_of

SAID = {
    "zh_CN": "“12.5万”不是有效数字。只填数字（如 12.5），不带单位（本项单位为“万元”）",
    "en": "the unit (here “10,000 CNY”)",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_loss_typed_with_its_unit_is_refused_naming_the_unit(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}")
    response = client.post(
        f"/assessments/{assessment.id}/events", data={**EVENT_FORM, "direct_loss": "12.5万"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert SAID[lang] in words_of(page)
    assert 'value="12.5万"' in html.unescape(page)  # kept to correct
