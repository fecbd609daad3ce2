"""Beside every field of a section item both changed, the colleague is named, not "someone".

The conflict's message on one field named 李强; a second field both changed said "已被他人
修改" (RubricForm.apply_conflicts marked it without the name it had).
"""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection

from tests.conftest import AuthActions
from tests.two_sessions import chen_and_li, colleagues
from tests.web.helpers import error_beside
from tests.web.stale_two_hands import LANGS, LI_QIANG, beside, stored_note
from tests.web.test_conflict_keeps_untouched_fields import _opened
from tests.web.test_section_na_race import HIDDEN, _sent


@pytest.mark.parametrize("lang", LANGS)
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
    assert beside(page, "C1.E1.1__comment") == stored_note(LI_QIANG, lang, "李的备注")


def test_a_section_set_not_applicable_in_the_users_other_tab_says_so_in_english(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    """The Chinese said 另一窗口、标签页或设备; the English still "another window or tab"."""
    assessment_id, mine, _theirs = colleagues(app)
    AuthActions(client).login(mine)
    AuthActions(client).choose_language("en")
    url = f"/assessments/{assessment_id}/sections/C6"
    opened = client.get(url).get_data(as_text=True)
    other_tab = client.get(url).get_data(as_text=True)
    ticked = {"section__na": "y", "section__na_reason": "本公司不销售化学品"}
    assert client.post(url, data={**ticked, **_sent(other_tab, *HIDDEN)}).status_code == 302

    typed = {"C6.E1.1__level": "2", **_sent(opened, *HIDDEN)}
    response = client.post(url, data=typed)
    words = " ".join(
        html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split()
    )
    assert "in another window, tab or device (reason: 本公司不销售化学品)" in words
