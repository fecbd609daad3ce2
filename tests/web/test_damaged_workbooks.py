"""A damaged .xlsx gets the imports' friendly refusal, not a 500 (QA32 D2).

A worksheet cut in half (a broken download) and a "billion laughs" DTD, which expat stops,
both raised ParseError while the rows were read: after the file had been opened.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import make_secretariat
from tests.org_import_files import company, filled
from tests.web.helpers import member_with_assessment
from tests.web.reports.test_import_pages import _upload as upload_template

_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
)


def _damaged(data: bytes, how: str) -> bytes:
    """`data` with its worksheets cut in half, or with entities that expand a billion times."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as copy:
        for name in source.namelist():
            body = source.read(name)
            if name.startswith("xl/worksheets/sheet"):
                if how == "cut":
                    body = body[: len(body) // 2]
                else:
                    text = body.decode()
                    text = _LAUGHS + text[text.index("<worksheet") :]
                    text = text.replace(
                        "</sheetData>",
                        '<row r="999"><c r="A999" t="inlineStr"><is><t>&lol9;</t></is></c>'
                        "</row></sheetData>",
                        1,
                    )
                    body = text.encode()
            copy.writestr(name, body)
    return out.getvalue()


@pytest.mark.parametrize("how", ["cut", "laughs"])
def test_the_organisation_import_refuses_a_damaged_file_in_words(
    client: FlaskClient, db_session: Session, auth: AuthActions, how: str
) -> None:
    make_secretariat(email="sec-damaged@example.cn")
    db_session.commit()
    auth.login("sec-damaged@example.cn")
    data = _damaged(filled([company(name_zh="损坏文件化工有限公司")]), how)
    for lang, words in (
        ("zh_CN", "这不是 Excel（.xlsx）文件。请下载模板，填写后另存为 .xlsx 再上传。"),
        ("en", "This is not an Excel (.xlsx) file. Please download the template"),
    ):
        client.get(f"/lang/{lang}")
        response = client.post(
            "/organisations/import",
            data={"file": (io.BytesIO(data), "名单.xlsx")},
            content_type="multipart/form-data",
            follow_redirects=True,
        )  # the check runs on the queue (immediate in tests); its page shows the outcome
        page = response.get_data(as_text=True)
        assert response.status_code == 400  # as for a zip bomb or a PDF
        assert words in page
        assert "损坏文件化工有限公司" not in page


@pytest.mark.parametrize("how", ["cut", "laughs"])
def test_the_template_import_refuses_a_damaged_file_in_words(
    client: FlaskClient, db_session: Session, auth: AuthActions, how: str
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    template = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    data = _damaged(template, how)
    for lang, words in (
        ("zh_CN", "这不是可以读取的 Excel（.xlsx）文件。"),
        ("en", "This is not a readable Excel (.xlsx) file."),
    ):
        client.get(f"/lang/{lang}?next=/")
        status, page = upload_template(client, assessment.id, data)
        assert status == 400
        assert words in page
