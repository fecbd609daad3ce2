"""What a page keeps between requests never outlives the data it was made from.

The login loader reads a user's organisation and group roles as plain values with the user
row, and the main navigation and the assessment header are kept per process. Each test
opens a page first (so everything kept is warm), changes something the way another
session would, and checks the very next request: a removed role refuses, a deactivated or
logged-out user is sent to the login page, a submitted assessment is read-only.

Each request runs in its own app context (its own `g` and database session), as a request
in any worker does; the changes are made in the test's session and committed.
"""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from rcapp.accounts import services as accounts
from rcapp.accounts.models import GroupRole, Membership, OrgRole, User
from rcapp.accounts.queries import find_membership, user_for_request
from rcapp.assessments import services
from rcapp.permissions import Grants, grants_of
from tests.conftest import AuthActions
from tests.factories import (
    make_cast,
    make_group_role,
    make_organisation,
    make_world,
    submitted_assessment,
)
from tests.web.helpers import member_with_assessment

READ_ONLY = "自评已锁定，秘书处退回之前不能修改。"  # the lock notice (lock_words.py)
OWN_ORGANISATION_LINK = ">本单位<"
GROUPS_LINK = 'href="/working-groups/"'


def fresh(app: Flask, client: FlaskClient, url: str) -> TestResponse:
    """GET `url` as a new request: its own app context, so nothing of earlier requests."""
    with app.app_context():
        return client.get(url)


def opened(app: Flask, client: FlaskClient, url: str) -> str:
    """Open `url` twice (the second time from what was kept): it must open, the same."""
    first = fresh(app, client, url)
    assert first.status_code == 200, first.status_code
    again = fresh(app, client, url)
    assert again.status_code == 200, again.status_code
    assert _unmasked(again) == _unmasked(first)
    return again.get_data(as_text=True)


def _unmasked(response: TestResponse) -> str:
    """The page with its CSRF tokens (new ones each time) masked."""
    return re.sub(r'name="csrf_token"([^>]*)value="[^"]*"', r"\1", response.get_data(as_text=True))


def test_a_removed_membership_refuses_the_next_request(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    section = f"/assessments/{assessment.id}/sections/MS"
    result = f"/assessments/{assessment.id}/result"
    assert OWN_ORGANISATION_LINK in opened(app, client, section)
    opened(app, client, result)
    assert OWN_ORGANISATION_LINK in opened(app, client, "/")

    membership = find_membership(world.org_a.id, world.user_a.id)
    assert membership is not None
    db_session.delete(membership)
    db_session.commit()

    assert fresh(app, client, section).status_code == 403
    assert fresh(app, client, result).status_code == 403
    home = fresh(app, client, "/")
    assert home.status_code == 200
    assert OWN_ORGANISATION_LINK not in home.get_data(as_text=True)


def test_an_admin_made_member_may_no_longer_manage_users(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login(cast.admin.email)
    users_page = f"/organisations/{cast.organisation.id}/users"
    opened(app, client, users_page)

    membership = find_membership(cast.organisation.id, cast.admin.id)
    assert membership is not None
    accounts.change_member_role(membership, OrgRole.MEMBER, cast.secretariat)
    db_session.commit()

    assert fresh(app, client, users_page).status_code == 403
    # Still a member: the organisation's own pages open.
    assert fresh(app, client, f"/organisations/{cast.organisation.id}").status_code == 200


def test_a_lead_whose_role_is_removed_sees_no_more_of_the_group(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    world = make_world()
    assessment = submitted_assessment(world)
    world.org_a.working_groups.append(cast.group)
    db_session.commit()
    auth.login(cast.lead.email)
    section = f"/assessments/{assessment.id}/sections/MS"
    result = f"/assessments/{assessment.id}/result"
    assert GROUPS_LINK in opened(app, client, section)
    opened(app, client, result)
    assert GROUPS_LINK in opened(app, client, "/")

    role = next(r for r in cast.lead.group_roles if r.role is GroupRole.LEAD)
    accounts.remove_group_role(role, cast.secretariat)
    db_session.commit()

    assert fresh(app, client, section).status_code == 403
    assert fresh(app, client, result).status_code == 403
    home = fresh(app, client, "/").get_data(as_text=True)
    assert GROUPS_LINK not in home


def test_a_new_group_role_shows_on_the_next_request(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    world = make_world()
    assessment = submitted_assessment(world)
    world.org_a.working_groups.append(cast.group)
    db_session.commit()
    auth.login(cast.admin.email)
    result = f"/assessments/{assessment.id}/result"
    assert fresh(app, client, result).status_code == 403
    assert GROUPS_LINK not in opened(app, client, "/")

    make_group_role(cast.admin, cast.group, GroupRole.DEPUTY)
    db_session.commit()

    assert fresh(app, client, result).status_code == 200
    assert GROUPS_LINK in fresh(app, client, "/").get_data(as_text=True)


def test_a_deactivated_user_is_logged_out_on_the_next_request(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    section = f"/assessments/{assessment.id}/sections/MS"
    opened(app, client, section)

    accounts.set_user_active(world.user_a, False, world.secretariat)
    db_session.commit()

    response = fresh(app, client, section)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_session_ended_elsewhere_is_logged_out_on_the_next_request(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    result = f"/assessments/{assessment.id}/result"
    opened(app, client, result)

    # A logout or password change in another browser raises the session version.
    world.user_a.session_version += 1
    db_session.commit()

    response = fresh(app, client, result)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_an_assessment_submitted_in_another_session_is_shown_read_only(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth, filled=True)
    section = f"/assessments/{assessment.id}/sections/MS"
    before = opened(app, client, section)
    assert READ_ONLY not in before
    assert "badge-draft" in before

    services.submit_assessment(assessment, world.user_a)
    db_session.commit()

    after = fresh(app, client, section).get_data(as_text=True)
    assert READ_ONLY in after
    assert "badge-submitted" in after
    assert "badge-draft" not in after
    assert 'name="anchor"' not in after  # no save buttons


def test_a_renamed_organisation_shows_in_the_header(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    section = f"/assessments/{assessment.id}/sections/MS"
    assert world.org_a.name_zh in opened(app, client, section)

    world.org_a.name_zh = "改名后的化工有限公司"
    db_session.commit()

    assert "改名后的化工有限公司" in fresh(app, client, section).get_data(as_text=True)


def test_a_second_organisation_shows_both_names_in_the_navigation(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    section = f"/assessments/{assessment.id}/sections/MS"
    assert OWN_ORGANISATION_LINK in opened(app, client, section)

    second = make_organisation(name_zh="第二化工有限公司")
    accounts.add_membership(world.user_a, second.id)
    db_session.commit()

    page = fresh(app, client, section).get_data(as_text=True)
    assert OWN_ORGANISATION_LINK not in page
    assert "第二化工有限公司" in page
    assert world.org_a.name_zh in page


def _collections(user: User) -> Grants:
    return Grants.of(
        ((m.organisation_id, str(m.role)) for m in user.memberships),
        ((r.working_group_id, str(r.role)) for r in user.group_roles),
    )


def test_the_loader_reads_the_same_roles_as_the_collections(
    app: Flask, db_session: Session
) -> None:
    cast = make_cast()
    second = make_organisation()
    accounts.add_membership(cast.lead, second.id, OrgRole.ADMIN)
    db_session.commit()
    for user in (*cast.by_role().values(), cast.other_admin):
        with app.app_context(), app.test_request_context():
            loaded = user_for_request(user.id)
            assert loaded is not None
            kept = loaded.loaded_grants()
            assert kept is not None
            assert kept == _collections(loaded)
    assert user_for_request(10**9) is None


def test_roles_written_during_a_request_are_read_afresh(app: Flask, db_session: Session) -> None:
    world = make_world()
    second = make_organisation()
    db_session.commit()
    with app.app_context(), app.test_request_context():
        from rcapp import db

        user = user_for_request(world.user_a.id)
        assert user is not None
        assert grants_of(user).org_role(second.id) is None
        # Written as another row, not through the user's collection: the flush forgets
        # the roles read with the user row.
        db.session().add(Membership(user_id=user.id, organisation_id=second.id))
        db.session().flush()
        assert user.loaded_grants() is None
        assert grants_of(user).org_role(second.id) == "member"
        db.session().rollback()
