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


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh_CN", "这条事件登记在 2024 年度的自评中，只能在该年度的自评中修改或删除"),
        ("en", "This event was recorded in the 2024 self-assessment"),
    ],
)
def test_an_earlier_years_event_opened_by_its_address_is_read_only_and_says_why(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,
    lang: str,
    said: str,
) -> None:
    """qa49 #6: the register lists it as 往年登记, but its address opened an editable form and a
    save answered 404; a save or a delete from this year must change nothing."""
    user, last, current = second_year(db_session)
    event = Event(
        organisation_id=current.organisation_id,
        recorded_in_id=last.id,
        event_type="safety_accident",
        occurred_on=dt.date(2024, 5, 14),
        description="泄漏",
    )
    db_session.add(event)
    db_session.commit()
    auth.login(user.email)
    client.get(f"/lang/{lang}?next=/")
    address = f"/assessments/{current.id}/events/{event.id}"
    opened = client.get(address)
    assert opened.status_code == 302
    assert opened.headers["Location"].endswith(f"/assessments/{current.id}/events")
    page = html.unescape(client.get(opened.headers["Location"]).get_data(as_text=True))
    assert said in page
    saved = client.post(
        address,
        data={
            "event_type": "safety_accident",
            "occurred_on": "2024-05-14",
            "description": "改写",
            "fatalities": "0",
            "injuries": "0",
        },
    )
    deleted = client.post(f"{address}/delete", data={"version": str(event.version)})
    assert (saved.status_code, deleted.status_code) == (302, 302)
    db_session.expire_all()
    kept = db_session.get(Event, event.id)
    assert kept is not None
    assert kept.description == "泄漏"
