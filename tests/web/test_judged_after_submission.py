"""QA36 S1: conditions decided by others after submission are 待判定 until a peer review rates.

The "本年度可达到的最高星级" box said the peer-review condition is "（提交后由同行评审或秘书处
判定）" while the ladder on the same page, the results workbook and the scorecard PDF marked
it ✘ 未满足; and the box still said "提交后" once submitted.
"""

from __future__ import annotations

import html
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reports import data_results, documents
from rcapp.reports.data import build_scorecard_report
from tests.conftest import AuthActions
from tests.factories import make_world, report_last_year, start, submitted_assessment
from tests.web.helpers import page_text

PEER = "同行评审员 0 名（要求至少 2 名）"


def test_a_drafts_peer_review_condition_waits_on_the_ladder(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    report_last_year(world)  # 3 stars, and so their peer review, within reach this year
    assessment = start(world)
    db_session.commit()
    auth.login(world.user_a.email)
    page = page_text(client, f"/assessments/{assessment.id}/result")
    ladder = page[page.index('id="bands-title"') :]
    assert f'<span class="visually-hidden">待判定：</span>{PEER}' in ladder
    assert f'<span class="visually-hidden">未满足：</span>{PEER}' not in ladder
    assert "（待判定：提交后由同行评审或秘书处判定）" in page


def test_a_submitted_self_assessment_reads_the_same_in_the_box_the_workbook_and_the_pdf(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    report_last_year(world)
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    page = page_text(client, f"/assessments/{assessment.id}/result")
    box = page[page.index('id="within-reach"') : page.index('id="bands-title"')]
    assert "（待判定：由同行评审或秘书处判定）" in box
    assert "提交后" not in box
    assert f'<span class="visually-hidden">待判定：</span>{PEER}' in page

    report = build_scorecard_report(assessment, "zh")  # the PDF's data
    peer = [g for band in report.page.bands for g in band.gates if g.text == PEER]
    assert peer
    assert all(g.awaiting for g in peer)
    sheet = next(s for s in data_results.results_sheets(assessment, "zh") if s.title == "星级条件")
    assert {row[3] for row in sheet.rows if row[2] == PEER} == {"待判定"}

    client.get("/lang/en")
    page = page_text(client, f"/assessments/{assessment.id}/result")
    box = page[page.index('id="within-reach"') : page.index('id="bands-title"')]
    assert "after submission" not in box


def test_the_pdf_marks_the_peer_review_condition_not_judged_yet_as_the_page(
    app: Flask, db_session: Session
) -> None:
    """The two-star peer-review condition: …待判定 on the page, a bare condition in the PDF."""
    world = make_world()
    report_last_year(world)
    assessment = submitted_assessment(world)
    db_session.commit()
    with app.test_request_context():
        pdf = html.unescape(re.sub(r"<[^>]+>", "", documents.scorecard_html(assessment, "zh")))
        english = documents.scorecard_html(assessment, "en")
    assert f"待判定：{PEER}" in pdf
    assert f"未满足：{PEER}" not in pdf
    assert "Not judged yet: " in html.unescape(re.sub(r"<[^>]+>", "", english))
