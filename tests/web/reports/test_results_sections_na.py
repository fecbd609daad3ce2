"""The results workbook lists the sections declared N/A as a whole, with the reason.

The result page and the scorecard PDF say them under the star conditions; the workbook said
nothing of them. Its 不适用板块 sheet has one row per section (to filter), the reason as text
even where it reads as a formula.
"""

from __future__ import annotations

import io
from dataclasses import replace

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment
from rcapp.reports import data_results
from rcapp.reports.data import ScorecardReport, build_scorecard_report
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world

REASON = '=HYPERLINK("http://evil.example","本厂无储运设施")'


def _with_a_section_na(assessment: Assessment, lang: str) -> ScorecardReport:
    """The real report, its last section declared N/A with a reason that reads as a formula."""
    report = build_scorecard_report(assessment, lang)
    card = report.page.card
    sections = (*card.sections[:-1], replace(card.sections[-1], na_reason=REASON))
    return replace(report, page=replace(report.page, card=replace(card, sections=sections)))


def _sheet(client: FlaskClient, assessment: Assessment, lang: str) -> list[tuple[object, ...]]:
    response = client.get(f"/reports/assessments/{assessment.id}/results.xlsx?lang={lang}")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    title = "不适用板块" if lang == "zh" else "Sections not applicable"  # "/" is no sheet name's
    sheet = book[title]
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value)
    return list(sheet.iter_rows(values_only=True))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_results_workbook_lists_the_sections_declared_na(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    monkeypatch.setattr(data_results, "build_scorecard_report", _with_a_section_na)
    world = make_review_world(1)
    db_session.commit()
    auth.login(world.secretariat.email)
    assessment = world.assessments[0]
    rows = _sheet(client, assessment, lang)
    header = ("编号", "板块", "不适用理由") if lang == "zh" else ("ID", "Section", "Reason for N/A")
    at = rows.index(header)
    section = build_scorecard_report(assessment, lang).page.card.sections[-1]
    assert rows[at + 1 :] == [(section.section_id, section.title.get(lang), REASON)]
    note = "整体不适用的板块" if lang == "zh" else "not applicable as a whole"
    assert any(note in str(row[0]) for row in rows[:at])


def test_a_workbook_without_sections_na_says_there_are_none(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(1)
    db_session.commit()
    auth.login(world.secretariat.email)
    rows = _sheet(client, world.assessments[0], "zh")
    assert rows[0][0] == "没有整体不适用的板块。"
    assert rows[-1] == ("编号", "板块", "不适用理由")
