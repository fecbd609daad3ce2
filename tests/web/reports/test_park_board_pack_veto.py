"""A park's board pack with a resident a veto left without any star (qa smallrest #2).

The residents page says 未评定（一票否决） and which veto under the resident's self, final
and counted stars (test_veto_reason_everywhere); the park's scorecard PDF and results
workbook say the same words and the same reason in the same columns.
"""

from __future__ import annotations

import io

import pytest
from flask import Flask
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.organisations.models import Organisation
from rcapp.reports import documents
from tests.factories import make_assessment, make_park
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise
from tests.pdf_tools import needs_poppler, pdf_text
from tests.web.reports.test_park_board_pack import BOARD_START
from tests.web.test_lead_last_edges import VETO

RESIDENTS = {"zh": "入园企业", "en": "Resident companies"}
THREE_OR_MORE = {"zh": "其中三星及以上", "en": "Of which three stars or more"}
SELF_STARS = {"zh": "自评星级", "en": "Self-assessed stars"}
ZERO = {"zh": "0 星", "en": "0 stars"}


def _park_with_a_vetoed_resident() -> tuple[Assessment, Organisation]:
    """A park's submitted year whose three residents are the world's first three companies.

    The first registered a fatal accident: vetoed in its self and (reviewed) final result.
    Returns the park's assessment and the vetoed resident.
    """
    world = make_review_world(5, vetoed=[0])  # five: no two review each other
    submit_and_finalise(assign_all(world)[0], world.lead)
    park = make_park()
    for company in world.companies[:3]:
        company.park_id = park.id
    own = make_assessment(park, world.cycle, status=AssessmentStatus.SUBMITTED)
    return own, world.companies[0]


def _said(text: str, lang: str) -> int:
    """Count 未评定（一票否决） followed by its reason in a cell."""
    vetoed, reason, _details = VETO[lang]
    return text.count(f"{vetoed} {reason}")


def _squeezed(text: str) -> str:
    return "".join(text.split()).replace("-", "")


@needs_poppler
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_park_scorecard_says_a_vetoed_resident_is_not_rated_and_why(
    app: Flask, db_session: Session, lang: str
) -> None:
    own, _vetoed = _park_with_a_vetoed_resident()
    db_session.flush()
    with app.test_request_context():
        pdf = documents.scorecard_pdf(own, lang)
    text = pdf_text(pdf)
    board = text[text.index(BOARD_START[lang]) :]
    # A cell wraps its words anywhere, and pdftotext joins a word broken at its hyphen:
    # compare them without the spaces, line ends and hyphens.
    vetoed, reason, _details = VETO[lang]
    assert _squeezed(board).count(_squeezed(vetoed + reason)) == 3  # self, final, counted
    assert ZERO[lang] not in board
    # The count's first line (under the heading) shares its page with the rest of the
    # count and the table's head: the heading was left alone at the foot of a page.
    start = next(page for page in text.split("\f") if BOARD_START[lang] in page)
    for words in (THREE_OR_MORE[lang], SELF_STARS[lang]):
        assert words in " ".join(start.split()), start


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_park_results_workbook_says_a_vetoed_resident_is_not_rated_and_why(
    app: Flask, db_session: Session, lang: str
) -> None:
    own, vetoed = _park_with_a_vetoed_resident()
    db_session.flush()
    name = vetoed.display_name(lang)
    with app.test_request_context():
        book = load_workbook(io.BytesIO(documents.results_workbook(own, lang)))
    sheet = book[RESIDENTS[lang]]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    vetoed_row = next(row for row in rows if row[0] == name)
    # Said once in each reason column (self, final, counted); the star-number cells are empty.
    said = [_said(str(cell), lang) for cell in vetoed_row[2:] if isinstance(cell, str)]
    assert said.count(1) == 3, vetoed_row
    assert set(said) <= {0, 1}, vetoed_row
