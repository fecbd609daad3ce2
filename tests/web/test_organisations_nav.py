"""The main navigation shows each role the pages it may open, and no others."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import make_cast

ADMIN_LINKS = ("/admin/users", "/working-groups/", "/cycles/", "/audit/", '/organisations/"')


def _nav(client: FlaskClient) -> str:
    page = client.get("/").get_data(as_text=True)
    match = re.search(r'<nav class="main-nav".*?</nav>', page, re.S)
    assert match is not None
    return match.group(0)


def test_secretariat_sees_every_administration_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_cast()
    db_session.commit()
    auth.login("sec@example.cn")
    nav = _nav(client)
    for link in ADMIN_LINKS:
        assert link in nav
    for label in ("组织", "用户", "工作组", "评价周期", "审计日志"):
        assert label in nav
    assert "本单位" not in nav


def test_the_secretariat_reaches_the_background_jobs_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_cast()
    db_session.commit()
    auth.login("sec@example.cn")
    assert re.search(r'href="/reports/jobs" *>后台任务</a>', _nav(client))  # qa55 #9
    client.get("/lang/en")
    assert re.search(r'href="/reports/jobs" *>Background jobs</a>', _nav(client))
    page = client.get("/reports/jobs").get_data(as_text=True)
    assert 'href="/reports/jobs" aria-current="page">Background jobs</a>' in page


def test_an_organisation_user_sees_their_organisation_and_assessments(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("member@example.cn")
    nav = _nav(client)
    assert f'/organisations/{cast.organisation.id}"' in nav
    assert "本单位" in nav
    assert ("自评" in nav) == ("assessments.index" in app.view_functions)
    for link in (*ADMIN_LINKS, "/reports/jobs"):
        assert link not in nav


def test_a_lead_sees_working_groups_and_their_members(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_cast()
    db_session.commit()
    auth.login("lead@example.cn")
    nav = _nav(client)
    assert "/working-groups/" in nav
    assert '/organisations/"' in nav
    for link in ("/admin/users", "/cycles/", "/audit/"):
        assert link not in nav


def test_visitors_see_no_navigation_links(client: FlaskClient) -> None:
    assert "<li>" not in _nav(client)
