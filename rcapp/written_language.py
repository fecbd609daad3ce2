"""The language a user typed a text in, for the `lang` attribute around it (pure).

Reviewers write findings, reasons and corrective actions in Chinese; an English page shows
them as written (rcapp translates nothing users type). Marked lang="zh-CN", a browser's
translate offers to translate just that text and a screen reader reads it with a Chinese
voice. Text without any CJK character is left to the page's own language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup

# The one language tag for Chinese in what rcapp writes around text (`zh`, `written`,
# reference glosses): the same tag everywhere, so one CSS or test rule finds them all.
CHINESE = "zh-CN"

# CJK ideographs (with extension A and the compatibility block), CJK punctuation and the
# full-width forms Chinese text is typed with ("，", "（", "：").
_CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def written_language(text: object) -> str | None:
    """Return "zh-CN" when `text` holds a CJK character, else None (the page's language)."""
    if text is None:
        return None
    return CHINESE if _CJK.search(str(text)) else None


def in_chinese(text: object) -> Markup:
    """Wrap `text` (escaped) in a span marked lang="zh-CN"."""
    return Markup('<span lang="%s">%s</span>') % (CHINESE, text)


def any_chinese(texts: Iterable[object]) -> bool:
    """Tell whether any of `texts` was written in Chinese (a block's note says so once)."""
    return any(written_language(t) is not None for t in texts)
