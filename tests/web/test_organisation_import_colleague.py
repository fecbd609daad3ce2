"""A colleague opening another secretariat member's import address is told whose it is (QA43 S1).

Before, they read "This import has ended or expired; please upload the file again", which was
not true and invited a duplicate import.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.org_import_web import queued as _queued
from tests.org_import_web import secretariat as _secretariat

pytestmark = pytest.mark.usefixtures("no_earlier_imports")


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", "这次导入由王上传上传，只有上传人可以打开。"),
        ("en", "This import was uploaded by 王上传; only the uploader can open it."),
    ],
)
def test_a_colleague_is_told_whose_import_it_is(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    words: str,
) -> None:
    _secretariat(db_session, auth, "sec-owner@example.cn", "王上传")
    token, _held, _check = _queued(client, monkeypatch, "同事化工")
    auth.logout()
    _secretariat(db_session, auth, "sec-colleague2@example.cn", lang=lang)
    page = client.get(f"/organisations/import/{token}", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert words in text
    assert "ended or expired" not in text
    assert "已结束或已过期" not in text
    unknown = client.get("/organisations/import/" + "a" * 32, follow_redirects=True)
    assert ("已结束或已过期" if lang == "zh" else "ended or expired") in unknown.get_data(
        as_text=True
    )
