"""The annual report of the demo year (a company and a park rubric: 16 section columns) keeps
every table on the page, in English too, where the section averages ran off the right edge."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from rcapp import db
from rcapp.cycles.models import ReportingCycle
from rcapp.demo import world
from rcapp.reports import documents
from tests.pdf_tools import needs_poppler, pdf_text, words_off_the_page

RIGHT_MARGIN_PT = 15 * 72 / 25.4  # print.css: 15 mm; a word may not reach past half of it


@needs_poppler
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_section_averages_fit_the_page(
    live_app: Flask, demo_world: dict[str, int], lang: str
) -> None:
    with live_app.app_context():
        cycle = (
            db.session()
            .scalars(select(ReportingCycle).where(ReportingCycle.year == world.CURRENT_YEAR))
            .one()
        )
        pdf = documents.annual_report_pdf(cycle, lang)
    assert words_off_the_page(pdf, margin=RIGHT_MARGIN_PT / 2) == []
    text = pdf_text(pdf)
    last_column = "Logistics" if lang == "en" else "绩效"  # the park rubric's last sections
    assert last_column in text.replace("-\n", "").replace("\n", "")
