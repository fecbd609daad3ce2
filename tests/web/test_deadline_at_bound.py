"""The year's deadline at its bound (a year after opening: deadlines.latest_deadline).

The form said only "不能晚于……最晚 <the day already set>" when the secretariat tried a later
day; the page now says so before, with what to do instead (one organisation's extension on
the late page), and a deadline set beyond the bound (command line, demo) can still be kept
or moved earlier: only a day later than the one in force is a typing slip.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today, years_after
from rcapp.cycles.deadlines import latest_deadline, opened_on
from rcapp.cycles.models import ReportingCycle
from rcapp.db import utcnow
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_secretariat

OPENED_DAYS_AGO = 300


def _cycle(db_session: Session, past_bound: int = 0) -> ReportingCycle:
    """A year opened 300 days ago whose deadline sits `past_bound` days after its bound."""
    make_secretariat(email="sec@example.cn")
    cycle = make_cycle(year=2025)
    cycle.created_at = utcnow() - dt.timedelta(days=OPENED_DAYS_AGO)
    cycle.deadline = latest_deadline(opened_on(cycle)) + dt.timedelta(days=past_bound)
    db_session.commit()
    return cycle


def _text(response: object) -> str:
    return html.unescape(response.get_data(as_text=True))  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_later_day_at_the_bound_says_why_and_what_to_do_instead(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    cycle = _cycle(db_session)
    bound = cycle.deadline
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    late_bound = years_after(bound, 1).isoformat()
    page = _text(client.get(f"/cycles/{cycle.id}"))
    assert 'id="deadline-at-bound"' in page
    assert f'href="/cycles/{cycle.id}/organisations?status=open"' in page
    refused = client.post(
        f"/cycles/{cycle.id}/deadline",
        data={"deadline": (bound + dt.timedelta(days=1)).isoformat()},
    )
    assert refused.status_code == 422
    said = _text(refused)
    if lang == "en":
        assert (
            f"The deadline {bound.isoformat()} is already the latest day allowed (one year"
            " after the year was opened): it cannot be moved later for every organisation." in said
        )
        assert f"extensions can run until {late_bound} at the latest" in said
    else:
        assert (
            f"本年度截止日期 {bound.isoformat()} 已是可设的最晚日期（本年度开启后一年），"
            "不能再为所有单位推后。" in said
        )
        assert f"延期最晚可至 {late_bound}。" in said
    db_session.refresh(cycle)
    assert cycle.deadline == bound


def test_at_the_bound_an_earlier_day_still_saves(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle = _cycle(db_session)
    auth.login("sec@example.cn")
    earlier = cycle.deadline - dt.timedelta(days=5)
    response = client.post(f"/cycles/{cycle.id}/deadline", data={"deadline": earlier.isoformat()})
    assert response.status_code == 302
    db_session.refresh(cycle)
    assert cycle.deadline == earlier


def test_a_deadline_beyond_the_bound_can_be_kept_or_moved_earlier(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """Set past the bound from the command line: the days up to it are no typing slip."""
    cycle = _cycle(db_session, past_bound=20)
    in_force = cycle.deadline
    auth.login("sec@example.cn")
    earlier = in_force - dt.timedelta(days=10)  # still after the bound
    assert earlier > beijing_today()
    response = client.post(f"/cycles/{cycle.id}/deadline", data={"deadline": earlier.isoformat()})
    assert response.status_code == 302
    db_session.refresh(cycle)
    assert cycle.deadline == earlier
    refused = client.post(
        f"/cycles/{cycle.id}/deadline", data={"deadline": in_force.isoformat()}
    )  # the form keeps what is in force now, no more
    assert refused.status_code == 422
    db_session.refresh(cycle)
    assert cycle.deadline == earlier


def test_below_the_bound_the_page_says_nothing_of_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle = _cycle(db_session, past_bound=-30)
    auth.login("sec@example.cn")
    assert 'id="deadline-at-bound"' not in _text(client.get(f"/cycles/{cycle.id}"))
    later = cycle.deadline + dt.timedelta(days=30)
    response = client.post(f"/cycles/{cycle.id}/deadline", data={"deadline": later.isoformat()})
    assert response.status_code == 302
