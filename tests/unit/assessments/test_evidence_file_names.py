"""The evidence file name users see: every part they gave kept, made safe, bounded."""

from __future__ import annotations

import pytest

from rcapp.assessments.storage import UploadRefused, safe_filename, upload_name


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("检测报告/2025.pdf", "检测报告_2025.pdf"),
        ("a\\b.pdf", "a_b.pdf"),
        ("../承诺书.pdf", "承诺书.pdf"),
        ("./a//b.pdf", "a_b.pdf"),
        ("C:\\Users\\王\\应急预案.docx", "应急预案.docx"),  # an old browser's whole path
        ("检测\x00报告\x1b.pdf", "检测报告.pdf"),
        ("\u202efdp.exe", "fdp.exe"),
        ('a"b:c*d?.pdf', "a_b_c_d_.pdf"),
        ("/", "evidence"),
    ],
)
def test_shown_name(given: str, shown: str) -> None:
    assert safe_filename(given) == shown


def test_a_long_name_is_bounded_with_its_extension_kept() -> None:
    name = safe_filename("报" * 300 + "/" + "告" * 300 + ".pdf")
    assert len(name) == 200
    assert name.endswith(".pdf")
    assert "/" not in name


@pytest.mark.parametrize(
    ("given", "kept"),
    [("报告.pdf", "报告.pdf"), (".hidden.pdf", "hidden.pdf"), ("report", "report")],
)
def test_upload_name_keeps_a_named_file(given: str, kept: str) -> None:
    assert upload_name(given) == kept


@pytest.mark.parametrize(("given", "named"), [(".pdf", ".pdf"), ("..pdf", "..pdf")])
def test_a_name_that_is_only_an_extension_is_refused_as_chosen(given: str, named: str) -> None:
    with pytest.raises(UploadRefused) as refused:
        upload_name(given)
    assert (refused.value.code, refused.value.params["name"]) == ("no_name", named)
