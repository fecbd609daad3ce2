"""A section page saved from its bottom button says the outcome beside that button too.

The flash at the top is out of sight for a user who scrolled down to save; the bar at the
page's end (sticky, so in view wherever the page comes back) repeats it for the eye only
(aria-hidden): a screen reader hears it once, with the field focused on arrival.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment, page_text

WORDS = {
    "zh": {"saved": "已保存。", "help": "有误的字段会标出，其余内容照常保存。"},
    "en": {
        "saved": "Saved.",
        "help": "Fields with errors are marked; everything else is saved as usual.",
    },
}


def _bar(page: str) -> str:
    found = re.search(
        r'<div class="actions sticky-actions" id="section-end">(.*?)</div>', page, re.S
    )
    assert found is not None, "no save bar at the page's end"
    return found[1]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_saved_message_stands_beside_the_bottom_button_for_the_eye_only(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}")
    url = f"/assessments/{assessment.id}/sections/C1"
    words = WORDS[lang]
    assert words["help"] in _bar(page_text(client, url))  # the page's form body now kept
    saved = client.post(
        url, data={"C1.E1.1__level": "1", "anchor": "section-end"}, follow_redirects=True
    )
    page = saved.get_data(as_text=True)
    assert f'<div class="flash flash-success" role="status">{words["saved"]}</div>' in page
    bar = _bar(page)
    assert (
        '<span class="bar-messages" aria-hidden="true"><span class="bar-message'
        f' bar-message-success">{words["saved"]}</span></span>'
    ) in bar
    assert words["help"] not in bar
    again = _bar(page_text(client, url))  # said once: the next visit shows the help again
    assert words["help"] in again
    assert "bar-message" not in again


def test_a_refused_save_says_so_beside_the_bottom_button(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/C1"
    refused = client.post(url, data={"C1.E1.1__level": "7", "anchor": "section-end"})
    assert refused.status_code == 422
    bar = _bar(refused.get_data(as_text=True))
    found = re.search(r'<span class="bar-message bar-message-error">([^<]+)</span>', bar)
    assert found is not None, bar
    assert found[1] in refused.get_data(as_text=True).split('id="main"')[1].split("</p>")[0]
