"""The audit log's date filters say the format they read, as every day field does, and read a
day typed with slashes too; a bad day is refused naming its field and the format (zh + en)."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.audit.services import record
from rcapp.clock import beijing_today
from tests.conftest import AuthActions
from tests.factories import make_secretariat, make_user

# A date picker's note (fields.DayField); the refusal's example is a day that happened:
# two weeks ago (rcapp.day_example).
NOTE = {
    "zh": "点选日期，或按输入框中显示的顺序输入。",
    "en": "Pick a date, or type it in the order the box shows.",
}
BAD_DAY = {
    "zh": "起始日期“2026-02-30”不是有效日期，请按“年-月-日”填写，例如 {day}。",
    "en": "From: “2026-02-30” is not a valid date. Enter it as year-month-day, e.g. {day}.",
}


def _said(words: str) -> str:
    return words.format(day=(beijing_today() - dt.timedelta(days=14)).isoformat())


def _at(entry: AuditEntry, when: dt.datetime) -> None:
    entry.at = when


def _audit_page(client: FlaskClient, auth: AuthActions, lang: str, query: str) -> str:
    auth.login("sec@example.cn")
    auth.choose_language(lang)
    return unescape(client.get(f"/audit/?{query}").get_data(as_text=True))


def _notes(page: str) -> None:
    """Both date filters carry the note, tied to the field for screen readers."""
    for name in ("date_from", "date_to"):
        assert f'aria-describedby="{name}-help' in page
        assert f'<p class="help" id="{name}-help">' in page
    assert page.count(_said(NOTE["zh"])) + page.count(_said(NOTE["en"])) == 2


@pytest.fixture
def three_days(db_session: Session) -> None:
    make_secretariat(email="sec@example.cn")
    bob = make_user(email="bob@example.cn", name="鲍勃")
    for day, city in ((4, "甲城"), (5, "乙城"), (6, "丙城")):
        entry = record(bob, "organisation", day, "update", field="city", after=city)
        _at(entry, dt.datetime(2026, 3, day, 4, tzinfo=dt.UTC))
    db_session.commit()


@pytest.mark.usefixtures("three_days")
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("typed", ["2026-03-05", "2026/3/5"])
def test_a_day_filters_typed_either_way_with_the_format_said(
    client: FlaskClient, auth: AuthActions, lang: str, typed: str
) -> None:
    page = _audit_page(client, auth, lang, f"date_from={typed}&date_to={typed}")
    _notes(page)
    assert _said(NOTE[lang]) in page
    assert "field-error" not in page
    # shown the one way a date input shows a day (it stood empty for "2026/3/5")
    assert 'name="date_from" type="date" value="2026-03-05"' in page
    rows = page.split("<tbody>", 1)[-1]
    assert "乙城" in rows
    assert "甲城" not in rows
    assert "丙城" not in rows


@pytest.mark.usefixtures("three_days")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bad_day_is_refused_naming_the_field_and_the_format(
    client: FlaskClient, auth: AuthActions, lang: str
) -> None:
    page = _audit_page(client, auth, lang, "date_from=2026-02-30")
    _notes(page)
    assert _said(NOTE[lang]) in page
    assert _said(BAD_DAY[lang]) in page
    # the message and the note both describe the field; the typed text is kept in it
    assert 'aria-describedby="date_from-help date_from-error"' in page
    assert 'value="2026-02-30"' in page
