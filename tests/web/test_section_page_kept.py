"""A section page showing stored answers is kept whole (kept_page.py) and served again.

Kept per what it shows, read afresh on each request: the form body's content, the header,
the navigation, the user's name and the page's path; the CSRF token is the session's
own. Each test opens a page first (so it is kept), changes one thing and checks the next
request. Each request runs in its own app context (its own `g`), as in a worker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, template_rendered
from flask.testing import FlaskClient
from jinja2 import Template
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.assessments import services
from rcapp.assessments.models import Assessment, Attachment
from tests.conftest import AuthActions
from tests.factories import (
    World,
    fill_complete,
    make_group_role,
    make_user,
    make_working_group,
    make_world,
    start,
)
from tests.web.helpers import upload_evidence
from tests.web.test_request_frame_fresh import fresh, opened

READ_ONLY = "自评已锁定，秘书处退回之前不能修改。"  # the lock notice (lock_words.py)


def _submitted(db_session: Session) -> tuple[World, Assessment]:
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    return world, assessment


def _sign_in(app: Flask, client: FlaskClient, auth: AuthActions, email: str) -> None:
    """Log in, and read the messages waiting (a page with messages is not kept)."""
    auth.login(email)
    fresh(app, client, "/")


def _url(assessment: Assessment) -> str:
    return f"/assessments/{assessment.id}/sections/C1"


@contextmanager
def _templates_rendered(app: Flask) -> Iterator[list[str]]:
    names: list[str] = []

    def record(_sender: Flask, template: Template, **_extra: object) -> None:
        names.append(template.name or "")

    template_rendered.connect(record, app)
    try:
        yield names
    finally:
        template_rendered.disconnect(record, app)


def _tokens(page: str) -> list[str]:
    return re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', page)


def test_a_section_page_viewed_again_is_served_without_rendering_a_template(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _submitted(db_session)
    _sign_in(app, client, auth, world.user_a.email)
    with _templates_rendered(app) as first:
        opened(app, client, _url(assessment))  # opened twice: rendered, then kept
    assert first == ["assessments/section.html"]


def test_two_members_of_one_organisation_see_their_own_name_and_token(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    world, assessment = _submitted(db_session)
    colleague = make_user(world.org_a, name="第二位成员")
    db_session.commit()
    pages: dict[str, list[tuple[str, str]]] = {}
    # Each in a browser of their own: one session, one token.
    browsers = {world.user_a.name: client, colleague.name: app.test_client()}
    for user in (world.user_a, colleague, world.user_a):
        browser = browsers[user.name]
        _sign_in(app, browser, AuthActions(browser), user.email)
        page = opened(app, browser, _url(assessment))
        home = fresh(app, browser, "/").get_data(as_text=True)
        # Both tokens of the page are this session's (the same signed value as elsewhere).
        tokens = _tokens(page)  # the logout form's (and the section form's: off in tests)
        assert len(set(tokens)) == 1
        assert tokens[0].split(".")[0] == _tokens(home)[0].split(".")[0]
        pages.setdefault(user.name, []).append((page, tokens[0].split(".")[0]))
    (mine, my_token), (again, my_token_again) = pages[world.user_a.name]
    [(theirs, their_token)] = pages["第二位成员"]
    assert f'<span class="user-name">{world.user_a.name}</span>' in mine
    assert "第二位成员" not in mine
    assert '<span class="user-name">第二位成员</span>' in theirs
    # (the lock notice names the member who submitted: user A, on both pages)
    assert f'<span class="user-name">{world.user_a.name}</span>' not in theirs
    assert my_token != their_token
    assert my_token_again != their_token
    assert READ_ONLY in again


def test_a_renamed_user_sees_the_new_name_at_once(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _submitted(db_session)
    _sign_in(app, client, auth, world.user_a.email)
    opened(app, client, _url(assessment))
    world.user_a.name = "改名后的用户"
    db_session.commit()
    page = fresh(app, client, _url(assessment)).get_data(as_text=True)
    assert '<span class="user-name">改名后的用户</span>' in page


def test_the_secretariat_and_a_member_each_see_their_own_navigation(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _submitted(db_session)
    _sign_in(app, client, auth, world.user_a.email)
    member = opened(app, client, _url(assessment))
    auth.logout()
    _sign_in(app, client, auth, world.secretariat.email)
    secretariat = opened(app, client, _url(assessment))
    auth.logout()
    _sign_in(app, client, auth, world.user_a.email)
    member_again = opened(app, client, _url(assessment))
    organisations = 'href="/organisations/"'
    assert organisations in secretariat
    assert organisations not in member
    assert ">本单位<" in member
    assert ">本单位<" not in secretariat
    assert member_again == member.replace(_tokens(member)[0], _tokens(member_again)[0])


def test_a_new_group_role_shows_its_link_on_the_kept_page_at_once(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _submitted(db_session)
    _sign_in(app, client, auth, world.user_a.email)
    groups_link = 'href="/working-groups/"'
    assert groups_link not in opened(app, client, _url(assessment))
    make_group_role(world.user_a, make_working_group(), GroupRole.DEPUTY)
    db_session.commit()
    assert groups_link in fresh(app, client, _url(assessment)).get_data(as_text=True)


def test_the_language_switch_links_back_to_the_page_as_asked_for(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _submitted(db_session)
    _sign_in(app, client, auth, world.user_a.email)
    plain = opened(app, client, _url(assessment))
    asked = fresh(app, client, _url(assessment) + "?from=home").get_data(as_text=True)
    assert f"next=/assessments/{assessment.id}/sections/C1?from%3Dhome" in asked
    assert "from%3Dhome" not in plain
    client.get("/lang/en")
    english = fresh(app, client, _url(assessment)).get_data(as_text=True)
    assert "It is locked until the secretariat returns it." in english
    assert READ_ONLY not in english


def test_a_deleted_file_and_its_message_show_at_once_then_the_message_goes(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    db_session.commit()
    _sign_in(app, client, auth, world.user_a.email)
    upload_evidence(client, assessment.id, "待删除.pdf", item_id="C1.E1.1")
    fresh(app, client, "/")  # reads the upload's message
    with_file = opened(app, client, _url(assessment))
    assert "待删除.pdf" in with_file
    [file_id] = [a.id for a in db_session.query(Attachment).filter_by(assessment_id=assessment.id)]
    with app.app_context():
        deleted = client.post(f"/assessments/{assessment.id}/evidence/{file_id}/delete")
    assert deleted.status_code == 302
    after = fresh(app, client, _url(assessment)).get_data(as_text=True)
    assert "待删除.pdf" not in after
    assert "证据文件已删除。" in after  # the flashed message, on the page
    later = opened(app, client, _url(assessment))
    assert "证据文件已删除。" not in later
    assert "待删除.pdf" not in later


def test_returning_a_submitted_assessment_makes_the_kept_page_editable_at_once(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _submitted(db_session)
    _sign_in(app, client, auth, world.user_a.email)
    assert READ_ONLY in opened(app, client, _url(assessment))
    services.return_assessment(assessment, "请补充", world.secretariat)
    db_session.commit()
    returned = fresh(app, client, _url(assessment)).get_data(as_text=True)
    assert READ_ONLY not in returned
    assert 'type="radio"' in returned
