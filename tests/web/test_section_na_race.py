"""A colleague sets the whole section not applicable while the page is open (qa41 D5).

The user left 本板块整体不适用 as the page showed it, so the save takes the colleague's tick;
the page says who ticked it, when and why, and that the items saved do not count meanwhile.
"""

from __future__ import annotations

import html
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection

from tests.two_sessions import colleagues as _two_colleagues
from tests.two_sessions import two_clients
from tests.web.test_concurrent_editing import _answer, _hidden


def _sent(page: str, *names: str) -> dict[str, str]:
    """The hidden fields the browser sends back (versions, what the page showed)."""
    return {name: _hidden(page, name) for name in names if f'name="{name}"' in page}


HIDDEN = ("section__version", "section__shown", "C6.E1.1__version", "C6.E1.1__shown")


def test_a_section_set_not_applicable_meanwhile_is_said_beside_the_save(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, mine, theirs = _two_colleagues(app, "孙志强")
    url = f"/assessments/{assessment_id}/sections/C6"
    other = two_clients(app, client, mine, theirs)
    opened = client.get(url).get_data(as_text=True)
    their_page = other.get(url).get_data(as_text=True)
    ticked = {
        "section__na": "y",
        "section__na_reason": "本公司不销售化学品",
        **_sent(their_page, *HIDDEN),
    }
    assert other.post(url, data=ticked).status_code == 302

    typed = {
        "C6.E1.1__level": "2",
        "C6.E1.1__evidence_note": "产品安全手册 2025",
        **_sent(opened, *HIDDEN),
    }
    response = client.post(url, data=typed)
    assert response.status_code == 200  # the page again, not a redirect hiding the notice
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))
    assert "孙志强在您打开本页后已于" in text
    assert "将本板块设为整体不适用（理由：本公司不销售化学品）" in text
    assert "本页保存的评价项已保存，但本板块整体不适用期间不计分" in text
    assert "已保存。" in text
    assert _answer(app, assessment_id, "C6.E1.1")[0] == 2  # saved all the same

    client.get("/lang/en")
    english = client.post(url, data=typed)
    words = html.unescape(english.get_data(as_text=True))
    assert "孙志强 set this whole section as not applicable" in words
