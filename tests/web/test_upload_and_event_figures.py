"""Upload limits and an event's direct loss are written as every figure: with separators.

rcapp.figures.figure_text is the one rule for a figure shown to read (1,024 MB; 12,345.6 万元);
the plain number_text is for a field to edit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments.messages import upload_refused_text
from rcapp.assessments.storage import UploadRefused
from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment, page_text

EVENT = {
    "event_type": "safety_accident",
    "grade": "general",
    "occurred_on": "2025-03-01",
    "fatalities": "0",
    "injuries": "1",
    "direct_loss": "12345.6",
    "loss_confirmed": "12345.6",  # an especially major loss, ticked "数值无误" (qa50 M1)
    "description": "储罐区泄漏",
}


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("zh_CN", "文件“年报 2025.pdf”超过 1,024 MB 的上限，未上传。"),
        ("en", "1,024 MB"),
    ],
)
def test_an_upload_refused_for_its_size_writes_the_limit_with_separators(
    app: Flask, locale: str, expected: str
) -> None:
    refused = UploadRefused("size", name="年报 2025.pdf", limit_mb=1024)
    with app.test_request_context(), force_locale(locale):
        text = upload_refused_text(refused)
    assert expected in text
    assert "年报 2025.pdf" in text  # a name is kept as it is


def test_too_many_files_writes_the_count_with_separators(app: Flask) -> None:
    with app.test_request_context():
        text = upload_refused_text(UploadRefused("per_upload", name="a.pdf", limit=1500))
    assert "每次最多上传 1,500 个文件" in text


@pytest.fixture
def large_uploads(app: Flask) -> Iterator[None]:
    before = app.config["MAX_UPLOAD_BYTES"]
    app.config["MAX_UPLOAD_BYTES"] = 2048 * 1024 * 1024
    yield
    app.config["MAX_UPLOAD_BYTES"] = before


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh", "每个文件不超过 2,048 MB"), ("en", "2,048 MB")],
)
def test_the_upload_help_and_browser_messages_write_the_limit_with_separators(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    large_uploads: None,
    lang: str,
    expected: str,
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}")
    # the prerequisites page: a section page keeps its items per content, limits not included
    # (the limits are settings, fixed while the process runs)
    page = page_text(client, f"/assessments/{assessment.id}/prerequisites")
    assert expected in page
    assert "2048" not in page.replace('data-max-bytes="2147483648"', "")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_event_register_writes_the_direct_loss_with_separators(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}")
    url = f"/assessments/{assessment.id}/events"
    assert client.post(url, data=EVENT).status_code == 302
    page = page_text(client, url)
    assert re.search(r'<td class="num" data-label="[^"]+">12,345.6</td>', page)
    assert "12345.6" not in page  # stored as 12345.60, never shown plain
