"""The scorecard PDF of a reviewed result a veto left without any star says so everywhere:
page 1 and the peer-review table's final stars read 未评定（一票否决） / Not rated (veto),
never 未达 1 星 / Below 1 star, which is a rated result (pdfveto, QA on xiling-chem 2025).
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask_babel import force_locale, gettext
from sqlalchemy.orm import Session

from rcapp.reports.documents import scorecard_pdf
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise
from tests.pdf_tools import needs_poppler, pdf_text


def _squeezed(text: str) -> str:
    """The text without white space: the PDF breaks lines inside a cell."""
    return "".join(text.split())


@needs_poppler
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_peer_review_table_says_the_veto_as_page_one(
    app: Flask, db_session: Session, lang: str
) -> None:
    world = make_review_world(5, vetoed=[0])
    review = assign_all(world)[0]
    submit_and_finalise(review, world.lead)
    assert review.final_stars == 0
    db_session.commit()
    with app.test_request_context(), force_locale(lang):
        pdf = scorecard_pdf(world.assessments[0], "en" if lang == "en" else "zh")
        final_label = _squeezed(gettext("最终星级"))
        vetoed = _squeezed(gettext("未评定（一票否决）"))
        below_one = _squeezed(gettext("未达 1 星"))
        peer_title = _squeezed(gettext("评审状态"))
    text = _squeezed(pdf_text(pdf))
    peer_table = text[text.index(peer_title) :]
    assert f"{final_label}{vetoed}" in peer_table
    assert below_one not in text
    assert vetoed in text[: text.index(peer_title)]  # page 1 says it too
