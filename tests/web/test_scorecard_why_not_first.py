"""The scorecard PDF says why not the next star first, above the star table (conflicttake 2).

Page 2's star table lists every unmet condition of each band in one cell (6-10 each); the
short reason ("为什么还不是 1 星：总分 43.3（要求 ≥ 60）") stood below it, after the table.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask_babel import force_locale, gettext
from sqlalchemy.orm import Session

from rcapp.reports.documents import scorecard_html, scorecard_pdf
from tests.factories import make_world, start
from tests.pdf_tools import pdf_text

REASON = {"zh_CN": "总分 0.0（要求 ≥ 60）", "en": "Overall score 0.0 (required: ≥ 60)"}


def _squeezed(text: str) -> str:
    """The text without white space: the PDF breaks lines inside a sentence (1 星 → 1星)."""
    return "".join(text.split())


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_reason_stands_above_the_star_table(app: Flask, db_session: Session, lang: str) -> None:
    assessment = start(make_world())
    db_session.commit()
    with app.test_request_context(), force_locale(lang):
        code = "en" if lang == "en" else "zh"
        page, pdf = scorecard_html(assessment, code), scorecard_pdf(assessment, code)
        why = _squeezed(gettext("为什么还不是 %(n)s 星", n=1) + gettext("："))
        table = _squeezed(gettext("未满足或待判定的条件"))
    gates = page.index('id="gates"')
    assert gates < page.index('id="why-not"') < page.index("<table", gates)
    text = _squeezed(pdf_text(pdf))
    assert why in text
    assert text.index(why) < text.index(table)
    line = text[text.index(why) : text.index(table)]
    assert _squeezed(REASON[lang]) in line
    assert text.count(why) == 1  # said once, not again below the table
