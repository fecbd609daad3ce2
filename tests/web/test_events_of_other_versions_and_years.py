"""Last year's events page names an event type its rubric version lacks (never its code),
and its data problems leave alone the events of a later year (qa9 D5)."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import Event
from tests.conftest import AuthActions
from tests.web.test_rubric_changes_since_last_year import real_rubrics, second_year

__all__ = ["real_rubrics"]  # the fixture, used by name

NAMES = {
    "zh_CN": ("一级工艺安全事件", "本评价细则未列此类型，不计入一票否决"),
    "en": ("Tier 1 process safety event", "Not a type of this rubric: no veto counts it"),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_last_years_events_page_names_a_type_of_a_later_version(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    user, last, current = second_year(db_session)
    last.submitted_at = dt.datetime(2025, 1, 20, 2, 0, tzinfo=dt.UTC)
    for event_type, day in (("process_safety_event", 15), ("safety_accident", 16)):
        db_session.add(
            Event(
                organisation_id=current.organisation_id,
                recorded_in_id=current.id,
                event_type=event_type,
                occurred_on=dt.date(2025, 6, day),
                description="泄漏",
            )
        )
    db_session.commit()
    auth.login(user.email)
    client.get(f"/lang/{lang}?next=/")
    page = html.unescape(client.get(f"/assessments/{last.id}/events").get_data(as_text=True))
    name, note = NAMES[lang]
    table = page[page.index('<table class="events">') : page.index("</table>")]
    assert name in table
    assert note in table
    assert "process_safety_event" not in table
    # The 2025 events are 2025's: no "dated after the assessment" problem on 2024's page.
    assert "晚于评价日期" not in page
    assert "after the assessment date" not in page
