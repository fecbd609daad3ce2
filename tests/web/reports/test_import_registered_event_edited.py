"""A registered event typed over in the file (LibreOffice, WPS or an unprotected copy let the
read-only register be edited) is named row by row, not dropped in silence: the preview no
longer says the file agrees with rcapp, and links to the events page where events are edited.
"""

from __future__ import annotations

import dataclasses
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments import services
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import events_of, rubric_of
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.factories_reviews import FATAL_ACCIDENT
from tests.web.reports.test_import_excel_habits import (
    Cells,
    _admin_with_template,
    _fill,
    _upload,
)

EDITED = {
    "zh": "工作表“事件”，第 4 行，A 列（事件类型）："
    "这一行是已登记的事件，在文件中修改不会导入（已登记的事件不能通过模板修改）："
    "如需修改，请在“事件登记”页面编辑该事件；新的事件请填在登记表下方的空白行中。",
    "en": "Sheet “Events”, row 4, column A (Event type): "
    "this row is a registered event; changes typed over it in the file are not imported "
    "(registered events cannot be changed through the template): to change it, edit the "
    "event on the “Events” page; enter new events in the empty rows below the register.",
}
AGREES = {"zh": "文件与系统中的内容一致", "en": "The file matches"}


def _registered(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> tuple[Assessment, bytes]:
    """An assessment whose organisation registered one event (with a loss), and its template."""
    assessment, _blank = _admin_with_template(client, db_session, auth, lang)
    event = dataclasses.replace(FATAL_ACCIDENT, occurred_on="2025-03-01", direct_loss="12.50")
    services.add_event(
        assessment, rubric_of(assessment), event, make_user(assessment.organisation, OrgRole.ADMIN)
    )
    db_session.commit()
    return assessment, client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("column", "typed"), [("G", "储罐区火灾（已改）"), ("D", 4), ("F", 30)])
def test_a_registered_event_typed_over_is_named_with_the_events_page(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    column: str,
    typed: object,
) -> None:
    assessment, template = _registered(client, db_session, auth, lang)
    sheet = "事件" if lang == "zh" else "Events"
    edited: Cells = {(sheet, 4, column): typed}

    status, page = _upload(client, assessment.id, _fill(template, edited))

    text = html.unescape(page)
    assert status == 200, text
    assert EDITED[lang] in text
    assert AGREES[lang] not in text
    assert 'id="nothing-to-import"' in text
    assert f'href="/assessments/{assessment.id}/events"' in text
    db_session.expire_all()
    (event,) = events_of(assessment.organisation_id)
    assert (event.description, event.fatalities) == ("储罐区火灾", 3)  # nothing written


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_untouched_register_still_agrees(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """The register read back as exported (a loss of 12.50 reads as 12.5) is no change."""
    assessment, template = _registered(client, db_session, auth, lang)

    status, page = _upload(client, assessment.id, _fill(template, {}))

    text = html.unescape(page)
    assert status == 200, text
    assert AGREES[lang] in text
    assert "这一行是已登记的事件" not in text
    assert "this row is a registered event" not in text
    assert 'id="events-page-link"' not in text


def test_an_edited_event_beside_a_new_one_keeps_the_new_one(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """The edited row is said; the rest of the file imports (a new event below the register)."""
    assessment, template = _registered(client, db_session, auth, "zh")
    cells: Cells = {
        ("事件", 4, "G"): "改过的经过",
        ("事件", 5, "A"): "生产安全事故",
        ("事件", 5, "B"): "一般",
        ("事件", 5, "C"): "2025-04-02",
        ("事件", 5, "G"): "新登记的事件",
        ("事件", 5, "H"): "否",
    }

    status, page = _upload(client, assessment.id, _fill(template, cells))

    text = html.unescape(page)
    assert status == 200, text
    assert EDITED["zh"] in text
    assert "新登记的事件" in text  # listed as a change to confirm
    assert 'id="events-page-link"' in text
