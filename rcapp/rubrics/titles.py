"""A rubric's title as printed: without the reporting year its text may name.

A published version is never edited (assessments pin its hash), yet one version serves
several years: rc-company v1 is titled "(version 1, reporting year 2025)" and is pinned by
the 2023 and 2024 cycles as well. Where a title is printed, the year the text names is
left out; the page or document shows the cycle's own year beside it. Where a title already
names its version ("第2版", "version 2"), the label does not name it a second time.
"""

from __future__ import annotations

import re

_OPEN = "（("
_CLOSE = "）)"
_SEPARATORS = "，,、;；"


_YEAR = r"(?:19|20)\d\d"
_PHRASE = rf"(?:{_YEAR}\s*(?:报告)?年度|(?:for\s+)?(?:the\s+)?reporting\s+year\s+{_YEAR})"


def year_neutral(title: str) -> str:
    """Drop "2025报告年度", "2025 年度" or "reporting year 2025" and what only framed it.

    A separator before the phrase goes too, and brackets it leaves empty go with the space
    before them; a title that is nothing but the phrase is kept as it is.
    """
    text = re.sub(rf"\s*[{_SEPARATORS}]?\s*{_PHRASE}", "", title, flags=re.IGNORECASE)
    text = re.sub(rf"([{_OPEN}])\s*[{_SEPARATORS}]\s*", r"\1", text)
    text = re.sub(rf"\s*[{_OPEN}]\s*[{_CLOSE}]", "", text)
    return text.strip() or title


def versioned(title: str, version: int, lang: str = "zh_CN") -> str:
    """Return `title` with its version ("（第1版）", " (version 1)"), unless it names it already.

    Every rubric is then named the same way, whether or not its title says its version.
    """
    names_it = rf"第\s*{version}\s*版|\bversion\s+{version}\b"
    if re.search(names_it, title, flags=re.IGNORECASE):
        return title
    return f"{title} (version {version})" if lang == "en" else f"{title}（第{version}版）"
