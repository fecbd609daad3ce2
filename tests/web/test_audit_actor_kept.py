"""An entry keeps who made it: a deleted account still reads by name (QA47 D6)."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.audit.services import record
from tests.audit_export import export_audit
from tests.conftest import AuthActions
from tests.factories import make_secretariat, make_user


def test_a_deleted_account_is_named_as_it_was_on_the_page_and_in_the_export(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    gone = make_user(email="gone@example.cn", name="离任者")
    entry = record(gone, "organisation", 1, "update", field="city", after="旧城")
    db_session.flush()
    assert (entry.actor_name, entry.actor_email) == ("离任者", "gone@example.cn")
    db_session.delete(gone)
    db_session.commit()
    db_session.expire_all()
    assert db_session.get(AuditEntry, entry.id).actor_id is None  # type: ignore[union-attr]
    auth.login("sec@example.cn")
    page = client.get("/audit/").get_data(as_text=True)
    assert "离任者（gone@example.cn）" in page
    assert "命令行" not in page.split("<tbody>")[-1]
    assert "旧城" in client.get("/audit/?actor=离任").get_data(as_text=True).split("<tbody>")[-1]
    sheet = export_audit(client).active
    assert sheet is not None
    assert "离任者（gone@example.cn）" in {str(c.value) for row in sheet.iter_rows() for c in row}
