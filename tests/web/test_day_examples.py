"""Every day field's example comes from one rule, counted from today (rcapp.day_example).

A fixed "例如 2026-12-31" fell in the past after that day and read as a hint to type a past
deadline. Here the clock stands after it: a deadline's example is two weeks ahead, a
signing date's and an audit filter's two weeks back, as a refused day's message gives it
(zh + en). A date picker's note gives no example: the picker shows the day in the browser's
own order (test_date_picker_help).
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask import current_app
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

import rcapp.clock
from rcapp.clock import BEIJING
from rcapp.day_example import example_day
from rcapp.organisations.forms import OrganisationForm
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_organisation, make_secretariat

LATER = dt.datetime(2027, 1, 5, 10, tzinfo=BEIJING)  # after the old example's 2026-12-31
AHEAD, BACK = "2027-01-19", "2026-12-22"
NOTE = {
    "zh": "点选日期，或按输入框中显示的顺序输入。",
    "en": "Pick a date, or type it in the order the box shows.",
}
REFUSED_DEADLINE = {
    "zh": "截止日期“2027-02-30”不是有效日期，请按“年-月-日”填写，例如 {day}。",
    "en": "Deadline: “2027-02-30” is not a valid date. Enter it as year-month-day, e.g. {day}.",
}


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rcapp.clock, "beijing_now", lambda: LATER)


def _help(page: str, field: str) -> str:
    found = re.search(rf'<p class="help" id="{field}-help">(.*?)</p>', page, flags=re.S)
    assert found is not None, field
    return html.unescape(found.group(1))


@pytest.mark.usefixtures("later")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_deadline_gives_a_day_two_weeks_ahead_and_a_signing_date_one_past(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    cycle = make_cycle(year=2027, deadline=dt.date(2027, 3, 31))
    organisation = make_organisation()
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    auth.choose_language(lang)
    year_page = client.get(f"/cycles/{cycle.id}").get_data(as_text=True)
    assert _help(year_page, "deadline").endswith(NOTE[lang])
    edit = client.get(f"/organisations/{organisation.id}/edit").get_data(as_text=True)
    assert _help(edit, "commitment_signed_on").endswith(NOTE[lang])
    assert "2026-12-31" not in year_page + edit
    refused = client.post(f"/cycles/{cycle.id}/deadline", data={"deadline": "2027-02-30"})
    assert REFUSED_DEADLINE[lang].format(day=AHEAD) in html.unescape(refused.get_data(as_text=True))
    with current_app.test_request_context():
        signed = OrganisationForm(meta={"csrf": False}).commitment_signed_on
        assert signed.example_text() == BACK


@pytest.mark.usefixtures("later")
@pytest.mark.parametrize(
    ("lang", "refused"),
    [
        ("zh", "起始日期“2027-02-30”不是有效日期，请按“年-月-日”填写，例如 {day}。"),
        ("en", "From: “2027-02-30” is not a valid date. Enter it as year-month-day, e.g. {day}."),
    ],
)
def test_a_refused_day_gives_the_notes_example(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, refused: str
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    auth.choose_language(lang)
    page = html.unescape(client.get("/audit/?date_from=2027-02-30").get_data(as_text=True))
    assert refused.format(day=BACK) in page
    assert _help(page, "date_from").endswith(NOTE[lang])
    assert "2025-03-31" not in page


@pytest.mark.usefixtures("later")
def test_a_bounded_example_stays_within_its_days() -> None:
    assert example_day().isoformat() == AHEAD
    assert example_day(past=True).isoformat() == BACK
    # the range's first day is later than today: two weeks after it, cut at its last
    assert example_day(dt.date(2027, 2, 1), dt.date(2027, 3, 1)) == dt.date(2027, 2, 15)
    assert example_day(dt.date(2027, 2, 1), dt.date(2027, 2, 3)) == dt.date(2027, 2, 3)
