"""Date fields read a day typed as 2026/12/31 or 2026年12月31日: a browser without a date
picker posts it as typed. A picker shows the day in the browser's order (mm/dd/yyyy in
English), so the help says to pick or type it as shown, not a format it does not show
(test_date_picker_help). The page's `lang` is the chosen language."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_secretariat


def _year(db_session: Session, auth: AuthActions) -> int:
    make_secretariat(email="sec@example.cn")
    cycle = make_cycle(year=2025, deadline=beijing_today() + dt.timedelta(days=10))
    db_session.commit()
    auth.login("sec@example.cn")
    return cycle.id


@pytest.mark.parametrize(
    ("lang", "html_lang", "said"),
    [
        ("zh", "zh-CN", "点选日期，或按输入框中显示的顺序输入。"),
        ("en", "en", "Pick a date, or type it in the order the box shows."),
    ],
)
def test_the_deadline_picker_says_how_to_give_the_day_in_the_pages_language(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    html_lang: str,
    said: str,
) -> None:
    cycle_id = _year(db_session, auth)
    client.get(f"/lang/{lang}")
    page = client.get(f"/cycles/{cycle_id}").get_data(as_text=True)
    assert f'<html lang="{html_lang}">' in page
    field = re.search(r'<input[^>]*id="deadline"[^>]*>', page)
    assert field is not None
    assert 'type="date"' in field.group()
    described = re.search(r'aria-describedby="([^"]*)"', field.group())
    assert described is not None
    assert "deadline-help" in described.group(1).split()
    help_text = re.search(r'<p class="help" id="deadline-help">(.*?)</p>', page, flags=re.S)
    assert help_text is not None
    assert said in help_text.group(1)
    assert "YYYY" not in help_text.group(1)


@pytest.mark.parametrize("form", ["{d.year}/{d.month}/{d.day}", "{d.year}年{d.month}月{d.day}日"])
def test_a_deadline_typed_with_slashes_or_as_nian_yue_ri_is_read(
    client: FlaskClient, db_session: Session, auth: AuthActions, form: str
) -> None:
    cycle_id = _year(db_session, auth)
    day = beijing_today() + dt.timedelta(days=40)
    response = client.post(f"/cycles/{cycle_id}/deadline", data={"deadline": form.format(d=day)})
    assert response.status_code == 302
    page = client.get(f"/cycles/{cycle_id}").get_data(as_text=True)
    assert day.isoformat() in page


def test_a_day_typed_month_first_is_refused_naming_the_form(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle_id = _year(db_session, auth)
    response = client.post(f"/cycles/{cycle_id}/deadline", data={"deadline": "12/31/2026"})
    assert response.status_code == 422
    assert "“12/31/2026”不是有效日期，请按“年-月-日”填写" in response.get_data(as_text=True)
