"""The annual report's star table and header, as printed (enwords 4 and 10).

The table's 0 row read "0-star" / "0 星" with only "Not rated" explained: it counts results
rated but short of one star, and says so. The header named the publisher "China Petroleum
and Chemical Industry Federation · Responsible Care" where the site's footer says "CPCIF
Responsible Care Committee": one name, the footer's.
"""

from __future__ import annotations

import pytest
from click.testing import Result

from rcapp.demo import world
from rcapp.reports import documents
from tests.integration.reports.test_pdf_layout import _cycle, demo  # noqa: F401 - the fixture
from tests.pdf_tools import needs_poppler, pdf_text

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "publisher": "中国石油和化学工业联合会 责任关怀工作委员会",
        "row": "未达 1 星",
        "note": "“未达 1 星”：已评定星级（满足前置条件、未被一票否决）",
    },
    "en": {
        "publisher": "CPCIF Responsible Care Committee",
        "row": "Below 1 star",
        "note": "“Below 1 star”: organisations that were rated (prerequisites met, no veto)",
    },
}
GONE = {
    "zh": ("中国石油和化学工业联合会 · 责任关怀", "0 星"),
    "en": ("China Petroleum and Chemical Industry Federation", "0-star", "0 stars"),
}


@needs_poppler
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_names_its_publisher_once_and_explains_the_below_one_star_row(
    demo: Result,  # noqa: F811 - the imported fixture
    lang: str,
) -> None:
    assert demo.exit_code == 0, demo.output
    pdf = documents.annual_report_pdf(_cycle(world.CURRENT_YEAR - 1), lang)
    text = " ".join(pdf_text(pdf).split())
    if lang == "zh":  # the PDF breaks Chinese lines anywhere: compare without spaces
        text = text.replace(" ", "")
    words = WORDS[lang]

    def said(phrase: str) -> bool:
        return (phrase.replace(" ", "") if lang == "zh" else phrase) in text

    assert said(words["publisher"])
    assert said(words["row"])
    assert said(words["note"])
    for old in GONE[lang]:
        assert not said(old), old
