"""A city as English pages name it: the stored Chinese name rendered in pinyin.

Cities are typed free text in Chinese ("盐城市"); there is no English list of them. English
pages showed "Jiangsu 盐城市", half in each language (QA8 S15). They now show the pinyin
without tones, the way English texts name Chinese cities: "Yancheng" (市 dropped), "Rudong
County" (县), "Yangpu District" (区). A city already typed in Latin letters is kept as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rcapp.i18n import current_lang
from rcapp.person_names import pinyin_word

_HAN = re.compile(r"[\u3400-\u9fff]")
# Longest first: 自治州 before 州 would matter if 州 were listed (it is part of many names).
_SUFFIXES = (
    ("自治州", " Autonomous Prefecture"),
    ("地区", " Prefecture"),
    ("市", ""),
    ("县", " County"),
    ("区", " District"),
)


def city_name(city: str | None, lang: str) -> str:
    """Name the city in `lang`: as stored in Chinese, in pinyin in English."""
    if not city:
        return ""
    if lang != "en" or not _HAN.search(city):
        return city
    return _in_pinyin(city.strip())


def city_in_page_language(city: str | None) -> str:
    """Template filter: `{{ organisation.city|city }}`."""
    return city_name(city, current_lang())


@lru_cache(maxsize=1024)
def _in_pinyin(city: str) -> str:
    english = ""
    for suffix, word in _SUFFIXES:
        if city.endswith(suffix) and len(city) > len(suffix) + 1:
            city, english = city[: -len(suffix)], word
            break
    return _syllables(city) + english


def _syllables(name: str) -> str:
    """Join the readings into one word, an apostrophe before a vowel (Xi'an), capitalised."""
    word = pinyin_word(name)
    return word[:1].upper() + word[1:]
