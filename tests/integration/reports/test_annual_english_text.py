"""The English annual report reads as English: ASCII punctuation around its sentences (the
full-width marks stay only inside quoted Chinese names), and every anchor of the page unique
(WeasyPrint warned that `sdg`, chapter 7's and its table's, was defined twice)."""

from __future__ import annotations

import html as html_text
import re
from collections import Counter

import pytest
from click.testing import Result

from rcapp.demo import world
from rcapp.reports import documents
from rcapp.reports.data_annual_report import build_annual_report
from tests.integration.reports.test_pdf_layout import _cycle, demo  # noqa: F401 - the fixture

FULL_WIDTH = "（），。：；！？、"
CJK = re.compile(r"[\u3400-\u9fff]")


def _html(lang: str) -> str:
    report = build_annual_report(_cycle(world.CURRENT_YEAR), lang)
    return documents.render_html("reports/annual.html", lang, report=report)


def _visible_text(page: str) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return html_text.unescape(re.sub(r"<[^>]+>", " ", page))


def full_width_outside_chinese(text: str) -> list[str]:
    """Return each full-width mark (with its surroundings) not next to a Chinese character.

    A quoted Chinese name keeps its own marks ("（江苏）", "石化、化工"): a mark is allowed
    when the nearest letter before or after it is Chinese.
    """
    found = []
    for at, char in enumerate(text):
        if char not in FULL_WIDTH:
            continue
        before = text[:at].rstrip(FULL_WIDTH + " ")[-1:]
        after = text[at + 1 :].lstrip(FULL_WIDTH + " ")[:1]
        if not (CJK.match(before) or CJK.match(after)):
            found.append(text[max(0, at - 30) : at + 30])
    return found


def test_the_scan_finds_full_width_marks_around_english_and_leaves_chinese_names() -> None:
    assert full_width_outside_chinese("No line drawn: PS-01（too few years）。") != []
    assert full_width_outside_chinese("Lists “江苏（南京）化工有限公司、石化” as typed.") == []


def test_every_english_sentence_of_the_report_uses_ascii_punctuation(
    demo: Result,  # noqa: F811 - the imported fixture
) -> None:
    assert demo.exit_code == 0, demo.output
    assert full_width_outside_chinese(_visible_text(_html("en"))) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_id_of_the_annual_report_is_unique(
    demo: Result,  # noqa: F811 - the imported fixture
    lang: str,
) -> None:
    assert demo.exit_code == 0, demo.output
    ids = Counter(re.findall(r'\bid="([^"]+)"', _html(lang)))
    assert [name for name, times in ids.items() if times > 1] == []
    assert ids["sdg"] == 1  # chapter 7's anchor, the table of contents' link
