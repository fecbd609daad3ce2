"""A held template import is offered again only to the user, database and assessment it
was uploaded for (qa64 M2).

Held files wait in REPORTS_DIR/imports named "<assessment id>-<token>.xlsx". A folder shared
by two instances held another database's upload for an assessment with the same id, and
the import page offered it ("the file uploaded last is still held"). The page now offers a
file only where its token is recorded for this user and assessment in this database; the
default folder follows the instance's upload folder, not the code's instance folder.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp import create_app
from rcapp.accounts.models import OrgRole
from rcapp.assessments.validation import ItemInput
from rcapp.reports.jobs import jobs_dir
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.web.reports.test_import_conflict_cells import _colleague_saves
from tests.web.reports.test_import_excel_habits import _admin_with_template, _fill, _upload

OFFER = "返回上次上传的文件的预览"


def _import_page(client: FlaskClient, assessment_id: int) -> str:
    return client.get(f"/reports/assessments/{assessment_id}/import").get_data(as_text=True)


def test_a_file_in_the_folder_without_a_record_is_not_offered(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    # Another instance's upload for its own assessment with the same id, in a shared folder.
    folder = jobs_dir() / "imports"
    folder.mkdir(exist_ok=True)
    stray = folder / f"{assessment.id}-{secrets.token_hex(16)}.xlsx"
    stray.write_bytes(template)
    assert OFFER not in _import_page(client, assessment.id)


def test_the_uploader_is_offered_the_file_and_a_colleague_is_not(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    _colleague_saves(db_session, assessment, ItemInput(level="1"))
    status, page = _upload(client, assessment.id, _fill(template, {("MS", "MS.G1.1", "E"): 3}))
    assert status == 200, page
    assert OFFER in _import_page(client, assessment.id)  # the uploader, after leaving the page

    colleague = make_user(assessment.organisation, OrgRole.MEMBER)
    db_session.commit()
    auth.logout()
    auth.login(colleague.email)
    assert OFFER not in _import_page(client, assessment.id)


def test_the_default_folder_follows_the_instance_upload_folder(tmp_path: Path, app: Flask) -> None:
    uploads = tmp_path / "one" / "uploads"
    other = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "UPLOAD_DIR": str(uploads),
            "SECRET_KEY": "x",
        }
    )
    assert Path(other.config["REPORTS_DIR"]) == tmp_path / "one" / "reports"
