"""A new deployment's home page lists the secretariat's first steps, ticked when done (QA21 S1)."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import (
    make_cycle,
    make_organisation,
    make_secretariat,
    make_user,
    make_working_group,
)
from tests.web.helpers import page_text

STEPS = re.compile(r'<ol class="setup-steps">(.*?)</ol>', re.S)


def _steps(client: FlaskClient) -> list[tuple[str, str, bool]]:
    """(link, label, done) of each step on the home page; [] when the list is not shown."""
    found = STEPS.search(client.get("/").get_data(as_text=True))
    if found is None:
        return []
    rows = re.findall(r"<li>(.*?)</li>", found.group(1), re.S)
    links = [re.search(r'<a href="([^"]+)">([^<]+)</a>', row) for row in rows]
    return [
        (link.group(1), link.group(2), "已完成" in row)
        for link, row in zip(links, rows, strict=True)
        if link is not None
    ]


def test_an_empty_deployment_shows_four_open_steps(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    assert _steps(client) == [
        ("/working-groups/", "建立工作组", False),
        ("/organisations/new", "登记单位（企业和化工园区）", False),
        ("/admin/users/new", "添加各单位的用户", False),
        ("/cycles/new", "开启年度", False),
    ]
    client.get("/lang/en")
    assert "Getting started" in page_text(client, "/")


def test_each_step_is_ticked_when_done_and_the_list_goes_when_all_are(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    make_working_group()
    db_session.commit()
    auth.login("sec@example.cn")
    assert [done for _url, _label, done in _steps(client)] == [True, False, False, False]
    make_user(make_organisation())
    db_session.commit()
    assert [done for _url, _label, done in _steps(client)] == [True, True, True, False]
    make_cycle()
    db_session.commit()
    assert _steps(client) == []


def test_only_the_secretariat_sees_the_steps(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_user(make_organisation(), email="member@example.cn")
    db_session.commit()
    auth.login("member@example.cn")
    assert _steps(client) == []
