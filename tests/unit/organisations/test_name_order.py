"""Chinese names sort by their pinyin, not by code point."""

from __future__ import annotations

import pytest

from rcapp.organisations.name_order import KEY_LENGTH, pinyin_key


def test_names_sort_in_pinyin_order_not_code_point_order() -> None:
    names = ["中国石化", "北京化工", "安徽化工", "重庆化工", "长沙化工", "东海精细化工"]
    by_code_point = ["东海精细化工", "中国石化", "北京化工", "安徽化工", "重庆化工", "长沙化工"]
    assert sorted(names) == by_code_point
    assert sorted(names, key=pinyin_key) == [
        "安徽化工",
        "北京化工",
        "长沙化工",
        "重庆化工",
        "东海精细化工",
        "中国石化",
    ]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("重庆化工", "chong2 qing4 hua4 gong1"),  # the phrase's reading, not zhong4
        ("银行化工", "yin2 hang2 hua4 gong1"),
        ("ABC化工", "abc hua4 gong1"),  # Latin letters kept, lower case
        ("3M中国", "3m zhong1 guo2"),
        ("", ""),
    ],
)
def test_key_of_a_name(name: str, key: str) -> None:
    assert pinyin_key(name) == key


def test_a_long_name_is_cut_to_the_column() -> None:
    assert len(pinyin_key("化" * 200)) == KEY_LENGTH
