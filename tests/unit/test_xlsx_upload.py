"""An uploaded .xlsx that would inflate far beyond its size is refused before it is parsed."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from rcapp import xlsx_upload
from rcapp.organisations.import_read import read_workbook
from rcapp.reports.template_read import read_template
from rcapp.xlsx_upload import expands_too_far


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


def _workbook() -> bytes:
    book = Workbook()
    book.active.append(["类型", "名称（中文）"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("members", "limit", "expected"),
    [
        ({"xl/worksheets/sheet1.xml": b"0" * 5000}, 4000, True),  # one member over
        ({"a.xml": b"0" * 2500, "b.xml": b"0" * 2500}, 4000, True),  # together over
        ({"xl/worksheets/sheet1.xml": b"0" * 3000}, 4000, False),
        ({"xl/worksheets/sheet1.xml": b"0" * 4000}, 4000, False),  # exactly the limit
    ],
)
def test_the_declared_sizes_decide(members: dict[str, bytes], limit: int, expected: bool) -> None:
    data = _zip(members)
    assert len(data) < limit  # zeros compress: the upload itself is small
    assert expands_too_far(data, limit) is expected


def test_a_file_that_is_not_a_zip_is_left_to_the_reader() -> None:
    assert expands_too_far(b"not a zip at all") is False


def test_a_real_workbook_is_far_under_the_default_limit() -> None:
    assert expands_too_far(_workbook()) is False


def test_both_imports_refuse_a_file_that_expands_too_far(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _workbook()
    assert read_template(data).problems[0].code != "expands_too_far"
    monkeypatch.setattr(xlsx_upload, "MAX_EXPANDED_BYTES", 100)

    assert [p.code for p in read_template(data).problems] == ["expands_too_far"]
    assert [p.code for p in read_workbook(data).problems] == ["expands_too_far"]
