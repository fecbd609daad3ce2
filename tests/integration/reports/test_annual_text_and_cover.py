"""The annual report as its readers get it: the English one with ASCII punctuation around its
sentences (full-width marks stay only inside quoted Chinese names), every anchor of the page
unique (WeasyPrint warned that `sdg`, chapter 7's and its table's, was defined twice), and a
corrected edition saying on its cover what it corrected."""

from __future__ import annotations

import datetime as dt
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


NOTE = "第三章事故起数更正为 12 起。\nChapter 3: 12 accidents, not 21."


def _html(lang: str, edition: documents.EditionMark | None = None) -> str:
    report = build_annual_report(_cycle(world.CURRENT_YEAR), lang)
    return documents.render_html("reports/annual.html", lang, report=report, edition=edition)


def _corrected() -> documents.EditionMark:
    day = dt.date(2026, 12, 7)
    return documents.EditionMark(2, published_on=day, generated_on=day, correction=NOTE)


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
    assert full_width_outside_chinese(_visible_text(_html("en", _corrected()))) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_id_of_the_annual_report_is_unique(
    demo: Result,  # noqa: F811 - the imported fixture
    lang: str,
) -> None:
    assert demo.exit_code == 0, demo.output
    ids = Counter(re.findall(r'\bid="([^"]+)"', _html(lang, _corrected())))
    assert [name for name, times in ids.items() if times > 1] == []
    assert ids["sdg"] == 1  # chapter 7's anchor, the table of contents' link


@pytest.mark.parametrize(
    ("lang", "lead"),
    [
        ("zh", "更正版：本版取代第 1 版。"),
        ("en", "Corrected edition: this edition replaces edition 1."),
    ],
)
def test_a_corrected_edition_says_on_its_cover_what_it_corrected(
    demo: Result,  # noqa: F811 - the imported fixture
    lang: str,
    lead: str,
) -> None:
    assert demo.exit_code == 0, demo.output
    page = _html(lang, _corrected())
    cover = html_text.unescape(page.split('<nav class="toc"', 1)[0].split("<body>", 1)[1])
    note = cover.split('id="correction-note"', 1)[1]
    assert lead in note
    assert NOTE in note  # as typed, its line break kept (pre-line in print.css)
    assert cover.index('id="edition-mark"') < cover.index('id="correction-note"')
    assert 'id="correction-note"' not in _html(lang)  # a first edition, or a draft: none
