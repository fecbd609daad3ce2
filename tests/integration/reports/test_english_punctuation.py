"""English PDFs use English punctuation: no full-width colon, brackets or comma in English text.

The scorecard's improvement steps printed "Evidence required：hint" and the annual report's
progress list "Safety：10 / 10", gluing a Chinese colon in the template to English words.
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.validation import ItemInput
from rcapp.reports.documents import annual_report_pdf, scorecard_pdf
from tests.factories import fill_complete, make_world, start
from tests.pdf_tools import needs_poppler, pdf_text

FULL_WIDTH = re.compile(r"[\u3000-\u303f\uff00-\uffef]")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def english_lines_with_full_width(text: str) -> list[str]:
    """Lines with full-width punctuation and no Chinese (Chinese names and notes may keep it)."""
    return [
        line for line in text.splitlines() if FULL_WIDTH.search(line) and not CHINESE.search(line)
    ]


@needs_poppler
def test_english_scorecard_and_annual_report_have_english_punctuation(
    db_session: Session,
) -> None:
    world = make_world()
    assessment = start(world)
    rubric = fill_complete(assessment, world.user_a)
    # MS.G1.1 and C1.E1.1 need evidence from level 2 and C6 is at the top: the way to the
    # first star raises C1.E1.1 to level 3, a step that says which evidence it needs
    answers = {
        "MS": {"MS.G1.1": ItemInput(level="0"), "MS.G1.2": ItemInput(level="0")},
        "C1": {"C1.E1.1": ItemInput(level="0")},
        "C6": {"C6.E1.1": ItemInput(level="4")},
    }
    for section_id, answer in answers.items():
        assert services.save_section(assessment, rubric, section_id, answer, world.user_a).ok
    services.submit_assessment(assessment, world.user_a)

    scorecard = pdf_text(scorecard_pdf(assessment, "en"))
    report = pdf_text(annual_report_pdf(world.cycle, "en"))

    assert "Evidence required: " in scorecard  # an improvement step needs evidence
    assert "Occupational health and safety: " in report  # the progress of the safety KPIs
    assert english_lines_with_full_width(scorecard) == []
    assert english_lines_with_full_width(report) == []
