"""qa89: an event dated "3月15日" (no year) in the template was refused with "请填写有效日期
（年-月-日）" only: the refusal now says back what was typed, with the format and an example,
as every other day field does; an empty date is still asked for."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.event_checks import _bad_date
from tests.conftest import AuthActions
from tests.web.helpers import words_of
from tests.web.reports.test_import_excel_habits import (
    _admin_with_template,
    _event,
    _fill,
    _upload,
)

SAID = {
    "zh_CN": "C 列（发生日期（年-月-日））：“3月15日”不是有效日期，请按“年-月-日”填写，例如 ",
    "en": "“3月15日” is not a valid date. Enter it as year-month-day, e.g. ",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_date_without_its_year_is_said_back_with_an_example(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)  # a zh template
    client.get(f"/lang/{lang}")
    status, page = _upload(client, assessment.id, _fill(template, _event("3月15日")))
    assert status == 400
    assert SAID[lang] in words_of(page)


def test_an_empty_date_is_asked_for() -> None:
    assert _bad_date("  ").code == "date_invalid"
    refused = _bad_date(" 3月15日 ")
    assert refused.code == "date_unreadable"
    assert refused.params["text"] == "3月15日"
