"""A person's Chinese name with its pinyin, for English pages (qa54 7).

Users have one name, as they typed it (most in Chinese); an English-speaking lead could
not read or say "黄磊". There is no English name to store without a migration, but pinyin
is what the person would write in English ("Huang Lei"): surname first, each part
capitalised. pypinyin (already used to sort names, rcapp.organisations.name_order) reads
the characters; a surname read another way as a name than as a word (曾 is Zeng, not Ceng)
is taken from SURNAMES, and the common two-character surnames stay one word (Ouyang).
"""

from __future__ import annotations

import re
from functools import lru_cache

_ALL_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,5}")

# Surnames read otherwise in everyday words (pypinyin reads the word's reading).
SURNAMES = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "查": "zha",
    "区": "ou",
    "朴": "piao",
    "乐": "yue",
    "覃": "qin",
    "盖": "ge",
    "缪": "miao",
    "翟": "zhai",
    "尉": "yu",
    "秘": "bi",
    "繁": "po",
    "种": "chong",
    "华": "hua",
    "任": "ren",
    "薄": "bo",
    "万俟": "moqi",
    "尉迟": "yuchi",
}
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "令狐",
        "夏侯",
        "长孙",
        "宇文",
        "司徒",
        "端木",
        "轩辕",
        "呼延",
        "西门",
        "南宫",
        "万俟",
        "澹台",
        "申屠",
        "独孤",
        "闻人",
        "百里",
        "东郭",
    ]
)


@lru_cache(maxsize=4096)
def name_in_pinyin(name: str) -> str:
    """Return a Chinese personal name in pinyin ("黄磊" → "Huang Lei"), else "".

    Only a name of two to five Chinese characters and nothing else: a name with Latin
    letters or spaces is written as its owner wants it read already.
    """
    name = name.strip()
    if not _ALL_HAN.fullmatch(name):
        return ""
    cut = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    surname, given = name[:cut], name[cut:]
    return f"{_reading(surname, surname=True).title()} {_reading(given).capitalize()}"


def _reading(text: str, *, surname: bool = False) -> str:
    if surname and text in SURNAMES:
        return SURNAMES[text]
    return pinyin_word(text)


def pinyin_word(text: str) -> str:
    """Join the readings into one word, an apostrophe before a vowel (Xi'an), lower case."""
    from pypinyin import Style, lazy_pinyin  # its dictionaries load on first use only

    word = ""
    for syllable in lazy_pinyin(text, style=Style.NORMAL, v_to_u=True):
        if word and syllable[:1] in ("a", "e", "o"):
            word += "'"
        word += syllable
    return word
