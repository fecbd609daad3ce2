"""The secretariat and the companies read the same list of what carries over (QA58 5).

The open-a-year page named answers, targets and KPIs only; the company's copy box and the
copy itself carry evidence files too, and earlier years' events stay shown.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.cycles.models import CycleStatus
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_secretariat, make_world, start

LINES = {
    "zh_CN": ("证据文件：复制的答案所属评价项的上年证据文件一并复制", "事件：往年登记的事件不复制"),
    "en": ("Evidence files:", "Events:"),
}


def _list(page: str) -> str:
    return page[page.index('class="carry-over-list"') :].split("</ul>")[0]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_open_year_page_and_the_copy_box_list_the_same_things(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world(year=2025)
    current = start(world)
    make_assessment(world.org_a, make_cycle(year=2024, status=CycleStatus.CLOSED))
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}?next=/")
    box = _list(html.unescape(client.get(f"/assessments/{current.id}").get_data(as_text=True)))
    auth.logout()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}?next=/")
    form = _list(html.unescape(client.get("/cycles/new").get_data(as_text=True)))
    assert box == form
    for line in LINES[lang]:
        assert line in form
