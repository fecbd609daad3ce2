"""English readings of the document numbers in rubric references, by rule.

Decrees and orders ("国务院令第708号", "应急管理部令第2号", joint "A B令第38号"), inline
amendments ("2019修正") and UN SDG targets are read in English with the terms of China's
official translations. Other document codes ("安监总管三〔2017〕1号") have no English form:
they stay verbatim, marked lang="zh-CN" by `marked_gloss`, so a reader can still look them up.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup, escape

from rcapp.written_language import in_chinese

# Issuers of the decrees and orders the rubrics cite; bodies since merged away are "former"
# whether or not the citation says "原".
ISSUERS = {
    "应急管理部": "Ministry of Emergency Management",
    "生态环境部": "Ministry of Ecology and Environment",
    "环境保护部": "former Ministry of Environmental Protection",
    "国家安全监管总局": "former State Administration of Work Safety",
    "国家安全生产监督管理总局": "former State Administration of Work Safety",
    "交通运输部": "Ministry of Transport",
    "国家卫生健康委员会": "National Health Commission",
    "国家卫生健康委": "National Health Commission",
    "国家发展改革委": "National Development and Reform Commission",
    "国家发展和改革委员会": "National Development and Reform Commission",
}
_ISSUER = "|".join(sorted(map(re.escape, ISSUERS), key=len, reverse=True))
_DECREE = re.compile(r"国务院令第(\d+)号")
_ORDER = re.compile(
    rf"原?({_ISSUER})(?:\s*[、和]?\s*原?({_ISSUER}))?\s*令\s*(?:(\d{{4}})年)?第(\d+)号"
)
_AMENDED = re.compile(r"(\d{4})\s*修正")
_SDG = re.compile(r"联合国可持续发展目标\s*(\d+(?:\.\d+)?(?:\s*[、,，]\s*\d+(?:\.\d+)?)*)")
_SERIES = re.compile(r"系列\s*[（(]([^（()）]*)[)）]")
# A stretch of Chinese left in a gloss: from a CJK character or punctuation to the last one,
# with the digits between ("安监总管三〔2017〕1号" stays one code).
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CHINESE = re.compile(rf"[{_CJK}](?:[{_CJK}\w.\-/]*[{_CJK}])?")


def _order(match: re.Match[str]) -> str:
    first, second, year, number = match.groups()
    of_year = f" of {year}" if year else ""
    if second is None:
        return f"{ISSUERS[first]} Order No. {number}{of_year}"
    return f"Order No. {number}{of_year} of the {ISSUERS[first]} and the {ISSUERS[second]}"


def _sdg(match: re.Match[str]) -> str:
    return "UN SDG " + re.sub(r"\s*[、,，]\s*", ", ", match.group(1))


def _series(match: re.Match[str]) -> str:
    return " series (" + re.sub("[～~]", "–", match.group(1)) + ")"


RULES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (_DECREE, lambda m: f"State Council Decree No. {m.group(1)}"),
    (_ORDER, _order),
    (_AMENDED, lambda m: f"amended {m.group(1)}"),
    (_SDG, _sdg),
    (_SERIES, _series),
)


def english_numbers(text: str) -> tuple[str, bool]:
    """Read the decrees, orders, amendments and SDG targets in `text` in English.

    The flag says whether anything was read. Parenthesised amendments ("(2021修正)") are
    read by the caller first.
    """
    found = False
    for pattern, replacement in RULES:
        text, count = pattern.subn(replacement, text)
        found = found or count > 0
    return text, found


def marked_gloss(text: str) -> Markup:
    """Escape a gloss, marking what Chinese is left in it (codes, unknown names) lang="zh-CN"."""
    marked, start = Markup(""), 0
    for match in _CHINESE.finditer(text):
        marked += escape(text[start : match.start()])
        marked += in_chinese(match.group(0))
        start = match.end()
    return marked + escape(text[start:])
