"""An event dated outside the assessment's reporting year is saved with a warning naming
the year, in the flash and in its row (qa9 S2)."""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import events_of
from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment

EVENT = {
    "event_type": "mass_incident",
    "fatalities": "0",
    "injuries": "0",
    "description": "门前聚集 1 小时",
}
WORDS = {
    "zh_CN": (
        "日期 2024-12-31 不在 2025 年度内（已保存）：是否属于其他年度？",
        "不在 2025 年度内，请核对日期",
    ),
    "en": ("The date 2024-12-31 is not in 2025 (saved)", "Not in 2025: check the date"),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_an_event_of_another_year_is_saved_with_a_warning(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}?next=/")
    url = f"/assessments/{assessment.id}/events"
    flash, row = WORDS[lang]
    saved = client.post(url, data={**EVENT, "occurred_on": "2024-12-31"}, follow_redirects=True)
    page = html.unescape(saved.get_data(as_text=True))
    assert flash in page
    assert f'<p class="warning-text event-outside-year">{row}</p>' in page
    assert len(events_of(assessment.organisation_id)) == 1  # saved all the same
    # An event of the year itself: no warning.
    inside = client.post(url, data={**EVENT, "occurred_on": "2025-03-01"}, follow_redirects=True)
    text = html.unescape(inside.get_data(as_text=True))
    assert flash not in text
    assert text.count("event-outside-year") == 1  # the 2024 one only
