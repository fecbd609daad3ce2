"""Cities on English pages are named in pinyin, never half Chinese (QA8 S15)."""

from __future__ import annotations

import pytest

from rcapp.organisations.cities import city_name


@pytest.mark.parametrize(
    ("stored", "english"),
    [
        ("盐城市", "Yancheng"),
        ("滨州市", "Binzhou"),
        ("重庆市", "Chongqing"),
        ("西安市", "Xi'an"),
        ("吕梁市", "Lüliang"),
        ("如东县", "Rudong County"),
        ("杨浦区", "Yangpu District"),
        (" 南通市 ", "Nantong"),
        ("Nantong", "Nantong"),
        ("", ""),
        (None, ""),
    ],
)
def test_english_pages_name_the_city_in_pinyin(stored: str | None, english: str) -> None:
    assert city_name(stored, "en") == english


def test_chinese_pages_keep_the_city_as_stored() -> None:
    assert city_name("盐城市", "zh") == "盐城市"
