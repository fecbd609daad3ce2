"""Beside every field of a section item both changed, the colleague is named, not "someone".

The conflict's message on one field named 李强; a second field both changed said "已被他人
修改" (RubricForm.apply_conflicts marked it without the name it had).
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection

from tests.conftest import AuthActions
from tests.two_sessions import chen_and_li
from tests.web.helpers import error_beside
from tests.web.test_conflict_keeps_untouched_fields import _opened

STORED_BY = {
    "zh": "此项在您打开本页后已被李强修改，现存：李的备注。",
    "en": "Changed by 李强 after you opened the page; stored now: 李的备注.",
}
SOMEONE = {"zh": "他人", "en": "someone else"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_field_both_changed_names_the_colleague(
    app: Flask, client: FlaskClient, connection: Connection, lang: str
) -> None:
    assessment_id, li = chen_and_li(app, client)
    AuthActions(client).choose_language(lang)
    url = f"/assessments/{assessment_id}/sections/C1"
    chen_page = _opened(client, url, "C1.E1.1__version")
    li_page = _opened(li, url, "C1.E1.1__version")
    by_li = {"C1.E1.1__evidence_note": "李：演练记录 HD-1", "C1.E1.1__comment": "李的备注"}
    assert li.post(url, data={**li_page, **by_li}).status_code == 302
    by_chen = {"C1.E1.1__evidence_note": "陈：演练记录 HD-2", "C1.E1.1__comment": "陈的备注"}
    refused = client.post(url, data={**chen_page, **by_chen})

    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "李强" in error_beside(page, "C1.E1.1__evidence_note")  # the conflict's message
    beside = " ".join(error_beside(page, "C1.E1.1__comment").split())
    assert beside == STORED_BY[lang]
