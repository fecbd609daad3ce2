""" "Correct it in Excel" only for problems in rows, in the singular for one (QA43 S10)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.org_import_files import company, filled
from tests.org_import_web import secretariat as _secretariat
from tests.org_import_web import upload as _upload

pytestmark = pytest.mark.usefixtures("no_earlier_imports")


# A file that is no workbook, and the start of what each language says about it: a problem
# of the whole file, which no correction of a row in Excel mends.
WRONG_FILES = (
    (b"\x00\x01\x02", "这不是 Excel", "This is not an Excel"),
    (b"name,code\n", "这是 CSV 文件，不是 Excel 工作簿", "This is a CSV file, not an Excel"),
    (b"", "文件是空的（0 字节）", "The file is empty (0 bytes)"),
)


@pytest.mark.parametrize(
    ("lang", "one_row"),
    [
        ("zh", "请在 Excel 中改正这处问题后重新上传"),
        ("en", "Please correct it in Excel and upload again"),
    ],
)
def test_the_excel_hint_follows_the_problems(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    one_row: str,
) -> None:
    _secretariat(db_session, auth, lang=lang)
    for data, zh, en in WRONG_FILES:
        page = _upload(client, data, name="list.csv")
        text = client.get(page.location).get_data(as_text=True) if page.status_code == 302 else ""
        text = text or page.get_data(as_text=True)
        assert (zh if lang == "zh" else en) in text
        assert "Excel 中改正" not in text
        assert "correct them in Excel" not in text
        assert "correct it in Excel" not in text
    page = _upload(client, filled([company(name_zh="坏码化工", credit_code="123")]))
    text = client.get(page.location).get_data(as_text=True)
    assert one_row in text
