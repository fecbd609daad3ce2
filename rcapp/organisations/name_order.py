"""Chinese names in pinyin order, the order every Chinese list is read in.

Code point order puts 中 before 北 before 安; a reader looks for 安徽… before 北京… before
中国…. Each organisation keeps the key beside its name (`Organisation.name_sort`, set
whenever the name is), so the database sorts and pages by it on SQLite and PostgreSQL
alike; ties (the same pinyin) fall back to the name itself.
"""

from __future__ import annotations

from functools import lru_cache

KEY_LENGTH = 400


@lru_cache(maxsize=4096)  # an import computes its new names' keys before it writes them
def pinyin_key(name: str) -> str:
    """Return `name` as toned pinyin syllables ("chong2 qing4 hua4 gong1"), lower case.

    Characters without a reading (Latin letters, digits) are kept as they are, so "ABC化工"
    sorts under "abc". pypinyin's phrase dictionary picks the reading of characters with
    several (重庆 is chong2, not zhong4); it holds some 50 MB, so it is loaded the first time
    a key is needed (a name written), not in every worker at start.
    """
    syllables = _pinyin()(name)
    return " ".join(syllable.casefold() for syllable in syllables)[:KEY_LENGTH]


@lru_cache(maxsize=1)
def _pinyin():  # type: ignore[no-untyped-def]
    from pypinyin import Style, lazy_pinyin

    def read(name: str) -> list[str]:
        return lazy_pinyin(name, style=Style.TONE3, neutral_tone_with_five=True)

    return read
