"""Password rules: long enough, varied, not common, not the user's e-mail, name or organisation.

Pure functions (no Flask, no database), so forms, services and the CLI apply the same rules
and each rule is tested on its own. The deny-list is data: data/common_passwords.txt.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable
from importlib import resources

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128
MIN_DISTINCT_CHARACTERS = 5
# Names and e-mail parts shorter than this are too likely to occur by chance to refuse.
MIN_PERSONAL_PART = 4
# Runs that people type instead of a password ("2345678901", "poiuytrewq"): the digits and
# the alphabet, keyboard rows (shifted too) and columns; read forwards or backwards.
_SEQUENCES = (
    "0123456789" * 3,
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiopasdfghjklzxcvbnm",
    "`1234567890-=",
    "~!@#$%^&*()_+",
    "qwertyuiop[]\\",
    "asdfghjkl;'",
    "zxcvbnm,./",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
)
# A run shorter than this is too likely by chance ("abc" in "fabcon") to count.
MIN_RUN = 3
# A password whose runs leave at most this many other characters is a sequence with a
# little added ("0123456789a", "qwertyuiop12", "abc123qwe!"): as easy to guess.
MAX_OUTSIDE_RUNS = 2
_ENDS = re.compile(r"^[\W\d_]+|[\W\d_]+$")


class PasswordProblem(enum.StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    REPETITIVE = "repetitive"  # "aaaaaaaaaa", "1212121212"
    COMMON = "common"  # on the deny-list
    SEQUENCE = "sequence"  # mostly runs of the keyboard, the digits or the alphabet
    PERSONAL = "personal"  # contains the e-mail address or the organisation's name
    NAME = "name"  # contains the user's own name ("Emma Clarke 2026", "张敏2026abc")


# A Chinese personal name is two or more characters; each of them is as guessable as a
# Latin name of four letters.
MIN_CHINESE_NAME = 2


def password_problem(
    password: str, *, email: str = "", names: Iterable[str] = (), person: str = ""
) -> PasswordProblem | None:
    """Return the first rule `password` breaks, or None when it is acceptable.

    `names` are the names of the user's organisations (Chinese and English); `person` is
    the user's own name.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return PasswordProblem.TOO_SHORT
    if len(password) > MAX_PASSWORD_LENGTH:
        return PasswordProblem.TOO_LONG
    folded = _fold(password)
    if len(set(folded)) < MIN_DISTINCT_CHARACTERS:
        return PasswordProblem.REPETITIVE
    stem = _ENDS.sub("", folded)
    if folded in common_passwords() or stem in common_passwords():
        return PasswordProblem.COMMON
    if _is_sequence(folded):
        return PasswordProblem.SEQUENCE
    if _holds_name(folded, person):
        return PasswordProblem.NAME
    if _is_personal(folded, stem, email, names):
        return PasswordProblem.PERSONAL
    return None


def _holds_name(folded: str, person: str) -> bool:
    """Tell whether the password holds the user's name or a part of it.

    Latin names whole or any word of MIN_PERSONAL_PART letters ("emmaclarke", "Clarke"),
    case and spaces ignored; Chinese names by their characters ("张敏").
    """
    whole = _fold(person)
    if not whole:
        return False
    if _CJK.search(whole):
        han = "".join(_CJK.findall(whole))
        return len(han) >= MIN_CHINESE_NAME and han in folded
    parts = [whole, *(_fold(word) for word in re.split(r"[\s\-.,'·]+", person))]
    return any(len(part) >= MIN_PERSONAL_PART and part in folded for part in parts)


@functools.cache
def common_passwords() -> frozenset[str]:
    text = resources.files("rcapp.accounts").joinpath("data/common_passwords.txt")
    lines = text.read_text(encoding="utf-8").splitlines()
    return frozenset(_fold(line) for line in lines if line.strip() and not line.startswith("#"))


def _fold(text: str) -> str:
    return "".join(text.lower().split())


def _is_sequence(folded: str) -> bool:
    """Tell whether runs of MIN_RUN or more leave at most MAX_OUTSIDE_RUNS other characters."""
    outside, start = 0, 0
    while start < len(folded):
        length = _run_at(folded, start)
        if length >= MIN_RUN:
            start += length
        else:
            outside, start = outside + 1, start + 1
    return outside <= MAX_OUTSIDE_RUNS


def _run_at(text: str, start: int) -> int:
    """Return the length of the longest run of a sequence that begins at `start`."""
    longest = 1
    for run in _RUNS:
        end = start + longest + 1
        while end <= len(text) and text[start:end] in run:
            longest, end = end - start, end + 1
    return longest


_RUNS = tuple(r for run in _SEQUENCES for r in (run, run[::-1]))


# Words of English organisation names that name no one: legal forms and the trade.
_GENERIC_NAME_WORDS = frozenset(
    {
        "co",
        "company",
        "companies",
        "corp",
        "corporation",
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "plc",
        "gmbh",
        "group",
        "holding",
        "holdings",
        "share",
        "shares",
        "stock",
        "joint",
        "venture",
        "branch",
        "factory",
        "plant",
        "works",
        "chemical",
        "chemicals",
        "chemistry",
        "petrochemical",
        "petrochemicals",
        "petroleum",
        "industry",
        "industries",
        "industrial",
        "technology",
        "technologies",
        "tech",
        "science",
        "sciences",
        "material",
        "materials",
        "new",
        "fine",
        "park",
        "parks",
        "zone",
        "china",
        "chinese",
        "international",
        "the",
        "and",
        "of",
        "for",
    }
)


def _name_words(name: str) -> list[str]:
    """Return the distinctive words of an English name, which a password must not hold.

    "Qirun" and "Rubber" of "Qirun Rubber Chemicals Co., Ltd." (QA32 S4).
    """
    words = re.split(r"[^0-9a-z]+", name.lower())
    return [w for w in words if len(w) >= MIN_PERSONAL_PART and w not in _GENERIC_NAME_WORDS]


def _is_personal(folded: str, stem: str, email: str, names: Iterable[str]) -> bool:
    local_part = email.partition("@")[0]
    names = list(names)
    words = [word for name in names for word in _name_words(name)]
    parts = [_fold(p) for p in (email, local_part, *names)] + words
    for part in parts:
        if len(part) < MIN_PERSONAL_PART:
            continue
        if part in folded or (len(stem) >= MIN_PERSONAL_PART and stem in part):
            return True
    return any(_shares_chinese_words(folded, _fold(name)) for name in names)


_CJK = re.compile(r"[\u3400-\u9fff]")


def _shares_chinese_words(folded: str, name: str) -> bool:
    """Tell whether the password holds MIN_PERSONAL_PART Chinese characters of the name in a row.

    A Chinese name is not spaced into words, and people write its short form
    ("恒达新材料" for "浙江上虞恒达新材料有限公司") with something added: any run of the
    name's characters that long counts, as a part of an English name does.
    """
    if not _CJK.search(name):
        return False
    width = MIN_PERSONAL_PART
    return any(
        _CJK.search(name[i : i + width]) and name[i : i + width] in folded
        for i in range(len(name) - width + 1)
    )
