"""A short, safe form of an organisation's name for the files in the scorecards zip."""

from __future__ import annotations

import pytest

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
