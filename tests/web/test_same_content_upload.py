"""A file whose content is already uploaded under another name is said so (selfleft d).

Only the same name and content in one item was caught ("已上传过"); the same content under
another name was stored a second time without a word. In the same item it is now refused as
news ("与已上传的《X》内容相同"): the item counts the same with one copy. For another item it
is kept as that item's evidence (the scoring counts files per item) and the page says it is
the same content as which file.
"""

from __future__ import annotations

import html
import io

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.helpers import PDF, member_with_assessment

SAME_ITEM = {
    "zh_CN": "文件“scan.pdf”与已上传的《photo.pdf》内容相同，未重复上传。",
    "en": "The file “scan.pdf” has the same content as the uploaded “photo.pdf”; it was not "
    "uploaded again.",
}
OTHER_ITEM = {
    "zh_CN": "已上传“scan.pdf”：与已上传的《photo.pdf》（C1.E1.1）内容相同，"
    "已另存一份作为本项的证据，删除其中一份不影响另一项。",
    "en": "Uploaded “scan.pdf”: its content is the same as the uploaded “photo.pdf” "
    "(C1.E1.1). A copy of its own is kept as this item's evidence; deleting either leaves "
    "the other item's file in place.",
}


def _upload(client: FlaskClient, url: str, item_id: str, name: str) -> str:
    response = client.post(
        url,
        data={
            "C1.E1.1__level": "2",
            "upload": item_id,
            f"evidence-{item_id}": [(io.BytesIO(PDF), name)],
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    response.close()
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_same_content_under_another_name_in_the_item_is_not_stored_again(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/C1"
    client.get(f"/lang/{lang}?next={url}")
    _upload(client, url, "C1.E1.1", "photo.pdf")
    page = _upload(client, url, "C1.E1.1", "scan.pdf")
    assert f'<div class="flash flash-info" role="status">{SAME_ITEM[lang]}</div>' in page
    assert "flash-error" not in page
    db_session.expire_all()
    assert [a.original_name for a in assessment.attachments] == ["photo.pdf"]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_same_content_for_another_item_is_kept_and_said(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/C1"
    client.get(f"/lang/{lang}?next={url}")
    _upload(client, url, "C1.E1.1", "photo.pdf")
    page = _upload(client, url, "C1.E1.2", "scan.pdf")
    assert OTHER_ITEM[lang] in html.unescape(page)
    db_session.expire_all()
    files = sorted((a.item_id, a.original_name, a.stored_name) for a in assessment.attachments)
    assert [f[:2] for f in files] == [("C1.E1.1", "photo.pdf"), ("C1.E1.2", "scan.pdf")]
    assert files[0][2] != files[1][2]  # each item's own file: deleting one keeps the other
