"""Safe file names: the organisation in the scorecards zip, the ASCII name of a download."""

from __future__ import annotations

from io import BytesIO

import pytest
from flask import Flask

from rcapp.downloads import ascii_file_name, content_disposition, send_download
from rcapp.reports.documents import MAX_NAME_CHARS, short_file_name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("江北新材料有限公司", "江北新材料"),
        ("东海精细化工股份有限公司", "东海精细化工"),
        ("华彩涂料（江苏）有限公司", "华彩涂料（江苏）"),
        ("Jiangbei New Materials Co., Ltd.", "Jiangbei-New-Materials"),
        ("../../etc/passwd", "etc-passwd"),
        ("a\\b:c*d?\x00e", "a-b-c-d-e"),
        ("有限公司", ""),
    ],
)
def test_names_lose_the_legal_form_and_every_path_character(name: str, expected: str) -> None:
    assert short_file_name(name) == expected


def test_long_names_are_cut_after_a_whole_word() -> None:
    assert short_file_name("Very Long English Name Of Some Chemical Group") == (
        "Very-Long-English-Name"
    )
    assert len(short_file_name("化" * 60)) == MAX_NAME_CHARS


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jiangsu Linhai Chemical Park", "Jiangsu-Linhai-Park"),
        ("Jiangsu Linhai Chlor-Alkali Co., Ltd.", "Jiangsu-Linhai-Chlor"),
        (
            "江苏省连云港市徐圩新区石化产业化工集中区管理委员会直属化工园区",
            "江苏省连云港市徐圩新区石化产业化工集中区管理园区",
        ),
        ("Lianyungang Xuwei New District Petrochemical Industrial Zone", "Lianyungang-Xuwei-Zone"),
    ],
)
def test_a_long_park_name_keeps_its_kind_word_at_the_end(name: str, expected: str) -> None:
    """QA46 S13: "scorecard-Jiangsu-Linhai-Chemical-…" lost "Park" and read like the company."""
    short = short_file_name(name)
    assert short == expected
    assert len(short) <= MAX_NAME_CHARS


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("scorecard-鲁东化肥-91370700MA3C9KT1UL-2025.pdf", "scorecard-91370700MA3C9KT1UL-2025.pdf"),
        ("scorecard-华彩涂料（江苏）-9137-2025.pdf", "scorecard-9137-2025.pdf"),
        ("scorecard-Café-9137-2025-en.pdf", "scorecard-Cafe-9137-2025-en.pdf"),
        ("results-9137-2025.xlsx", "results-9137-2025.xlsx"),
        ("检查报告.pdf", "download.pdf"),
        ('a"b\\c.pdf', "abc.pdf"),
    ],
)
def test_the_ascii_fallback_name_has_no_empty_parts(name: str, expected: str) -> None:
    # Werkzeug only drops the Chinese letters: "scorecard--91370700MA3C9KT1UL-2025.pdf".
    assert ascii_file_name(name) == expected


def test_a_chinese_name_goes_in_filename_star_an_ascii_one_alone() -> None:
    header = content_disposition("scorecard-鲁东化肥-9137-2025.pdf")
    assert header == (
        'attachment; filename="scorecard-9137-2025.pdf"; '
        "filename*=UTF-8''scorecard-%E9%B2%81%E4%B8%9C%E5%8C%96%E8%82%A5-9137-2025.pdf"
    )
    assert content_disposition("annual-2025.xlsx") == 'attachment; filename="annual-2025.xlsx"'


@pytest.mark.parametrize(
    ("stored", "sent"),
    [
        ("text/plain; charset=utf-8", "text/plain; charset=utf-8"),  # once, not twice
        ("text/csv; charset=gbk", "text/csv; charset=gbk"),
        ("text/plain", "text/plain; charset=utf-8"),
        ("application/pdf", "application/pdf"),
    ],
)
def test_a_download_names_its_charset_once(stored: str, sent: str) -> None:
    app = Flask(__name__)
    with app.test_request_context():
        response = send_download(BytesIO(b"x"), "a.txt", stored)
    assert response.headers["Content-Type"] == sent


@pytest.mark.parametrize(
    ("name", "ref", "expected"),
    [
        ("2025 化学品 SDS.pdf", None, "2025 SDS.pdf"),  # qa53: was "2025  SDS.pdf"
        ("2025 化学品 SDS.pdf", "evidence-42", "2025 SDS-evidence-42.pdf"),
        ("分类记录.pdf", "evidence-7", "evidence-7.pdf"),
        ("record 2025.pdf", "evidence-7", "record 2025.pdf"),  # nothing dropped: as it is
    ],
)
def test_an_evidence_fallback_name_keeps_its_ascii_parts_and_its_id(
    name: str, ref: str | None, expected: str
) -> None:
    assert ascii_file_name(name, ref) == expected
    header = content_disposition(name, "attachment", ref)
    assert f'filename="{expected}"' in header
    assert ("filename*=UTF-8''" in header) is (expected != name)
