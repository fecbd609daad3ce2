"""Saving or uploading from a section page returns the user to where they were (QA11 S9, S13).

The bottom button returns to the page's end, a refused file is shown again beside its item
(which takes the focus, also without script), and each upload button names its item.
"""

from __future__ import annotations

import io
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.helpers import PDF, member_with_assessment, page_text


def test_the_bottom_button_returns_to_the_end_of_the_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/C1"
    page = page_text(client, url)
    assert '<div class="actions sticky-actions" id="section-end">' in page
    assert 'name="anchor" value="section-end">保存本页</button>' in page
    saved = client.post(url, data={"C1.E1.1__level": "1", "anchor": "section-end"})
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith(f"{url}#section-end")
    # Script turns a whole-page save into the item last changed; the server takes it.
    saved = client.post(url, data={"C1.E1.1__level": "0", "anchor": "item-C1.E1.2"})
    assert saved.headers["Location"].endswith(f"{url}#item-C1.E1.2")


def test_each_upload_button_is_named_by_its_item(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    page = page_text(client, f"/assessments/{assessment.id}/sections/C1")
    assert (
        'name="upload" value="C1.E1.1">保存并上传<span class="visually-hidden"> C1.E1.1</span>'
        in page
    )


def test_a_refused_file_is_shown_beside_its_item_which_takes_the_focus(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/C1"
    response = client.post(
        url,
        data={
            "C1.E1.1__level": "1",
            "upload": "C1.E1.1",
            "evidence-C1.E1.1": (io.BytesIO(b"MZ\x90\x00"), "tool.exe"),
        },
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert (
        '<p class="field-error upload-refused" id="file-C1.E1.1-refused-1" tabindex="-1" autofocus>'
        in page
    )
    # Named once, beside the item; the top only counts (QA32 S9).
    assert page.count("tool.exe") == 1
    assert "1 个文件未上传，原因写在其评价项下方。" in page
    assert 'data-return-to="item-C1.E1.1"' in page
    # What was typed is kept (and saved).
    assert re.search(r'<input checked[^>]*name="C1\.E1\.1__level"[^>]*value="1"', page)
    # A file that is taken goes back to its item by address, as before.
    taken = client.post(
        url,
        data={"upload": "C1.E1.1", "evidence-C1.E1.1": (io.BytesIO(PDF), "a.pdf")},
        content_type="multipart/form-data",
    )
    assert taken.status_code == 302
    assert taken.headers["Location"].endswith("#item-C1.E1.1")
