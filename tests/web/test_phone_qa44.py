"""A small company's HSE officer on a phone (qa44): keyboards, messages, wording."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.kpi_target_web import target_author
from tests.web.test_v2_pages import real_rubrics  # noqa: F401


def _input_tag(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, name
    return match.group(0)


def test_signed_target_change_gets_a_keyboard_with_a_minus(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
) -> None:
    """D1: iOS's decimal keypad has no minus; "-8" (a reduction) must be typeable."""
    assessment = target_author(db_session, auth)
    html = client.get(f"/assessments/{assessment.id}/kpis").get_data(as_text=True)
    change = _input_tag(html, "change_pct")
    assert 'inputmode="text"' in change
    # The target value and the KPI figures cannot be negative: the digit keypad stays.
    assert 'inputmode="decimal"' in _input_tag(html, "value")
    kpi_inputs = re.findall(r'<input[^>]*name="[^"]*__value"[^>]*>', html)
    assert kpi_inputs
    assert all('inputmode="decimal"' in tag for tag in kpi_inputs)
