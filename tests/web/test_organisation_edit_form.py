"""The organisation edit form ticks the current groups; an untouched save is a no-op."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from rcapp.audit.models import AuditEntry
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_secretariat, make_working_group
from tests.web.browser_form import submitted_values


def _audit_count(db_session: Session) -> int:
    """Entries on what was edited (logging in writes one on the account: not counted)."""
    counted = select(func.count()).where(AuditEntry.action.not_in(("login", "logout")))
    return db_session.scalar(counted.select_from(AuditEntry)) or 0


def test_the_edit_form_ticks_the_current_working_groups(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    first, second, third = make_working_group(), make_working_group(), make_working_group()
    organisation = make_organisation()
    organisation.working_groups.extend([first, third])
    secretariat = make_secretariat()
    db_session.commit()
    auth.login(secretariat.email)
    html = client.get(f"/organisations/{organisation.id}/edit").get_data(as_text=True)
    ticked = {int(v) for k, v in submitted_values(html) if k == "working_groups"}
    assert ticked == {first.id, third.id}
    assert second.id not in ticked


def test_saving_the_form_untouched_changes_nothing(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    group = make_working_group()
    organisation = make_organisation(name_en=None, sector=None)
    organisation.working_groups.append(group)
    secretariat = make_secretariat()
    db_session.commit()
    audited = _audit_count(db_session)
    auth.login(secretariat.email)
    html = client.get(f"/organisations/{organisation.id}/edit").get_data(as_text=True)
    response = client.post(
        f"/organisations/{organisation.id}/edit", data=MultiDict(submitted_values(html))
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db_session.expire_all()
    assert [g.id for g in organisation.working_groups] == [group.id]
    assert organisation.name_en is None
    assert _audit_count(db_session) == audited
