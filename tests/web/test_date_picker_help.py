"""A date picker's help does not claim a typing format it does not show.

Under every date input the help said "日期格式：YYYY-MM-DD / Date format: YYYY-MM-DD", while
Chromium in English shows `<input type=date>` as mm/dd/yyyy (it follows the browser's
locale). A picker now says to pick the day or type it in the order the box shows; only a day
typed into a text input is told the format it reads, and a refused day still names it.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session
from wtforms.widgets import TextInput

from rcapp.clock import beijing_today
from rcapp.fields import CleanForm, DayField
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_secretariat

PICK = {
    "zh": "点选日期，或按输入框中显示的顺序输入。",
    "en": "Pick a date, or type it in the order the box shows.",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_date_picker_says_pick_or_type_as_shown_not_a_format(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    make_secretariat(email="sec@example.cn")
    cycle = make_cycle(year=2025, deadline=beijing_today() + dt.timedelta(days=10))
    db_session.commit()
    auth.login("sec@example.cn")
    auth.choose_language(lang)
    page = client.get(f"/cycles/{cycle.id}").get_data(as_text=True)
    field = re.search(r'<input[^>]*id="deadline"[^>]*>', page)
    assert field is not None
    assert 'type="date"' in field.group()
    assert 'aria-describedby="deadline-help"' in field.group()
    help_text = re.search(r'<p class="help" id="deadline-help">(.*?)</p>', page, flags=re.S)
    assert help_text is not None
    said = html.unescape(help_text.group(1))
    assert said.endswith(PICK[lang])
    assert "YYYY" not in said
    assert "日期格式" not in said
    # a day the form cannot read is still refused naming the format it reads
    refused = client.post(f"/cycles/{cycle.id}/deadline", data={"deadline": "31/12/2026"})
    assert refused.status_code == 422
    words = {"zh": "请按“年-月-日”填写", "en": "Enter it as year-month-day"}
    assert words[lang] in html.unescape(refused.get_data(as_text=True))


class _TypedDayForm(CleanForm):
    typed = DayField("日期", widget=TextInput())
    picked = DayField("日期")


@pytest.mark.parametrize(
    ("locale", "format_said"),
    [("zh_CN", "日期格式：YYYY-MM-DD（年-月-日）"), ("en", "Date format: YYYY-MM-DD")],
)
def test_only_a_text_input_is_told_the_format(app: Flask, locale: str, format_said: str) -> None:
    with app.test_request_context(), force_locale(locale):
        form = _TypedDayForm(meta={"csrf": False})
        assert form.typed.format_note.startswith(format_said)
        assert 'type="text"' in str(form.typed())
        assert "YYYY" not in form.picked.format_note
        assert 'type="date"' in str(form.picked())
