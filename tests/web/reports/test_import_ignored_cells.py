"""The import preview names cells it reads but does not import, rather than keeping quiet:
a level or note on the whole-section row (qa50 #6) and a registered event's row blanked
(qa49 #8: events are deleted on the events page, not through the template).
"""

from __future__ import annotations

import dataclasses
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.factories_reviews import FATAL_ACCIDENT
from tests.web.reports.test_import_excel_habits import (
    Cells,
    _admin_with_template,
    _fill,
    _upload,
)

SECTION_ROW = {
    "zh": "第 {row} 行，{column} 列（{header}）：“整个板块不适用”这一行只读取“不适用”",
    "en": "row {row}, column {column} ({header}): the “Whole section not applicable” row",
}
BLANKED = {
    "zh": "第 4 行，A 列（事件类型）："
    "这一行是已登记的事件，清空单元格不会删除它（事件不能通过模板删除）："
    "如需删除，请在“事件登记”页面删除该事件。",
    "en": "row 4, column A (Event type): "
    "this row is a registered event; emptying its cells does not delete "
    "it (events cannot be deleted through the template): to delete it, delete the event on "
    "the “Events” page.",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_level_and_comment_on_the_section_row_are_named(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth, lang)
    cells: Cells = {("C6", "C6", "E"): 1, ("C6", "C6", "I"): "a note", ("MS", "MS.G1.1", "E"): 2}

    status, page = _upload(client, assessment.id, _fill(template, cells))

    text = html.unescape(page)
    assert status == 200, text
    level, comment = ("等级 / 数值", "备注") if lang == "zh" else ("Level / value", "Notes")
    assert SECTION_ROW[lang].format(row=4, column="E", header=level) in text
    assert SECTION_ROW[lang].format(row=4, column="I", header=comment) in text
    assert "<strong>2</strong>" in text  # the rest is imported as before


def test_an_untouched_section_row_says_nothing(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)

    status, page = _upload(client, assessment.id, _fill(template, {("MS", "MS.G1.1", "E"): 2}))

    assert status == 200
    assert "整个板块不适用”这一行" not in html.unescape(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_blanked_event_row_says_events_are_deleted_on_the_events_page(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    assessment, _blank = _admin_with_template(client, db_session, auth, lang)
    event = dataclasses.replace(FATAL_ACCIDENT, occurred_on="2025-03-01")
    services.add_event(
        assessment, rubric_of(assessment), event, make_user(assessment.organisation, OrgRole.ADMIN)
    )
    db_session.commit()
    template = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    cleared: Cells = {("事件" if lang == "zh" else "Events", 4, c): None for c in "ABCDEFGH"}

    status, page = _upload(client, assessment.id, _fill(template, cleared))

    text = html.unescape(page)
    assert status == 200, text
    assert BLANKED[lang] in text
