"""The import preview that warns of items counting lower for missing evidence links to the
page that uploads evidence for many items at once (bulkevidence)."""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reports.template_model import ANSWER_COLUMNS, column_letter
from tests.conftest import AuthActions
from tests.web.reports.test_import_preview_wording import _fill, _logged_in
from tests.web.reports.test_template_drop_downs import _template, _upload
from tests.web.test_v2_pages import real_rubrics  # noqa: F401 - a fixture used below

pytestmark = pytest.mark.usefixtures("real_rubrics")

ANSWER = column_letter(ANSWER_COLUMNS, "answer")


def _plain(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "zh_CN",
            "1 项因缺少证据将按较低等级计分：导入后可一次上传这些项的证据文件。 批量上传证据",
        ),
        (
            "en",
            "1 item will count at a lower level for want of evidence: after the import you "
            "can upload the evidence files for these items at once. Upload evidence for many items",
        ),
    ],
)
def test_a_preview_lowering_items_links_to_the_bulk_upload(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, said: str
) -> None:
    assessment = _logged_in(db_session, auth)
    template = _template(client, assessment, lang)
    status, page = _upload(client, assessment, _fill(template, {("MS", "MS.G5.4", ANSWER): 1}))
    assert status == 200, page
    assert said in _plain(page)
    assert f'href="/assessments/{assessment.id}/evidence/bulk"' in page


def test_a_preview_lowering_nothing_has_no_such_link(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment = _logged_in(db_session, auth)
    template = _template(client, assessment, "zh_CN")
    status, page = _upload(client, assessment, _fill(template, {("MS", "MS.G5.4", ANSWER): 0}))
    assert status == 200, page
    assert "/evidence/bulk" not in page
