"""The year page's deadline help says the rule the save applies (QA21 S10).

It said "可以是已过去的日期" while a year opened today refused every day before today.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.cycles.deadlines import opened_on
from rcapp.db import utcnow
from tests.conftest import AuthActions
from tests.factories import make_world


def _help(client: FlaskClient, cycle_id: int) -> str:
    page = client.get(f"/cycles/{cycle_id}").get_data(as_text=True)
    found = re.search(r'<p class="help" id="deadline-help">([^<]*)</p>', page)
    assert found is not None
    return html.unescape(found.group(1))


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_year_opened_today_says_no_earlier_than_today(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    text = _help(client, world.cycle.id)
    today = beijing_today().isoformat()
    # every date picker's help closes with how to give the day (fields.DayField)
    if lang == "en":
        assert text == (
            f"This year opened today ({today}): the deadline cannot be before today."
            " Pick a date, or type it in the order the box shows."
        )
    else:
        assert text == (
            f"本年度今天（{today}）开启，截止日期不能早于今天。"
            "点选日期，或按输入框中显示的顺序输入。"
        )
        assert "已过去的日期" not in text


def test_an_older_year_names_its_opening_day(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    world.cycle.created_at = utcnow() - dt.timedelta(days=60)
    db_session.commit()
    auth.login(world.secretariat.email)
    text = _help(client, world.cycle.id)
    assert text.startswith(f"不能早于本年度开启的日期（{opened_on(world.cycle).isoformat()}）")
    assert "可以是此后已过去的日期" in text
