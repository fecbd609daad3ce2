"""The outbox says the language each mail was written in (its recipient's), in the page's words."""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.mail.models import OutboxMessage
from tests.conftest import AuthActions
from tests.factories import make_secretariat


def _message(subject: str, lang: str) -> OutboxMessage:
    return OutboxMessage(
        kind="reminder", to_address="li@example.cn", to_name="李工", lang=lang,
        subject=subject, body="…",
    )  # fmt: skip


def _rows(page: str) -> dict[str, list[str]]:
    """Each table row's cells as text, by the subject's summary."""
    found: dict[str, list[str]] = {}
    for row in re.findall(r"<tr>(.*?)</tr>", page, flags=re.S):
        cells = [
            " ".join(re.sub(r"<[^>]+>", " ", c).split())
            for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)
        ]
        subject = re.search(r"<summary>(.*?)</summary>", row)
        found[subject.group(1) if subject else "head"] = cells
    return found


@pytest.mark.parametrize(
    ("lang", "column", "chinese", "english"),
    [("zh", "语言", "中文", "英文"), ("en", "Language", "Chinese", "English")],
)
def test_each_mail_says_its_language(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    column: str,
    chinese: str,
    english: str,
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.add_all([_message("中文提醒", "zh_CN"), _message("English reminder", "en")])
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    rows = _rows(html.unescape(client.get("/outbox/").get_data(as_text=True)))
    at = rows["head"].index(column)
    assert rows["中文提醒"][at] == chinese
    assert rows["English reminder"][at] == english
