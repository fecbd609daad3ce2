"""The scorecard's wording reads plainly (QA14 S6).

"往年数值按主要口径列出。" / "Earlier years are shown in the primary basis." meant nothing to a
reader; the peer review table was headed "项目 | 内容" ("Field | Text"); the final rating read
"3-star" where every other place says "3 stars".
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.reports.data_peer import review_section
from rcapp.reports.documents import scorecard_html
from tests.conftest import AuthActions
from tests.factories import fill_complete, make_cycle, make_world, start
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise
from tests.pdf_tools import needs_poppler, pdf_text
from tests.scorecard_download import fetch_scorecard


def test_the_peer_review_table_has_real_headings_and_counts_stars_as_lists_do(
    app: Flask, db_session: Session
) -> None:
    world = make_review_world(5)
    reviews = assign_all(world)
    submit_and_finalise(reviews[1], world.lead)
    db_session.commit()
    n = reviews[1].final_stars
    assert n is not None
    assert n > 1
    with app.test_request_context(), force_locale("en"):
        section = review_section(reviews[1])
    assert section.header == ("Aspect", "Details")
    assert ("Final stars", f"{n} stars") in section.rows
    with app.test_request_context(), force_locale("zh_CN"):
        section = review_section(reviews[1])
    assert section.header == ("评审事项", "情况")
    assert ("最终星级", f"{n} 星") in section.rows


@needs_poppler
def test_the_note_under_earlier_years_says_what_their_figures_are(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(2025)
    earlier_cycle = make_cycle(year=2024, deadline=world.cycle.deadline)
    earlier = services.get_or_start_assessment(world.org_a, earlier_cycle, world.user_a)
    fill_complete(earlier, world.user_a)
    services.submit_assessment(earlier, world.user_a)
    current = start(world)
    fill_complete(current, world.user_a)
    services.submit_assessment(current, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    texts = {}
    for lang in ("zh", "en"):
        response = fetch_scorecard(client, current.id, lang)
        assert response.status_code == 200
        texts[lang] = "".join(pdf_text(response.data).split())
    assert "往年的数值与本年度一样，以“计量单位”列的单位表示。" in texts["zh"]
    assert "主要口径列出" not in texts["zh"]
    assert "Earlieryears'figuresareintheunitgivenintheUnitcolumn" in texts["en"]
    assert "primarybasis" not in texts["en"]


def test_the_section_table_is_headed_section_not_section_and_element(
    app: Flask, db_session: Session
) -> None:
    # qa17 S13: the table lists only sections, but was headed "板块 / 要素".
    world = make_world(2025)
    current = start(world)
    fill_complete(current, world.user_a)
    services.submit_assessment(current, world.user_a)
    db_session.commit()
    pages = {}
    for lang in ("zh", "en"):
        with app.test_request_context():
            pages[lang] = scorecard_html(current, lang)
    assert '<th>板块</th><th class="num">得分</th>' in pages["zh"]
    assert "板块 / 要素" not in pages["zh"]
    assert '<th>Section</th><th class="num">Score</th>' in pages["en"]
    assert "element" not in pages["en"].split('id="sections"')[1].split("</table>")[0]


def test_a_reviewed_final_result_is_named_once_with_its_date(
    app: Flask, db_session: Session
) -> None:
    """QA46 S17: "最终结果（经同行评审） · 同行评审确认的最终结果（… 计算）" said it twice."""
    world = make_review_world(5)
    reviews = assign_all(world)
    submit_and_finalise(reviews[1], world.lead)
    db_session.commit()
    lines = {}
    for lang in ("zh", "en"):
        with app.test_request_context():
            page = scorecard_html(reviews[1].assessment, lang)
        lines[lang] = page.split('id="result-source">')[1].split("</p>")[0]
    assert lines["zh"].startswith("最终结果（经同行评审） · ")
    assert lines["zh"].endswith(" 计算")
    assert "同行评审确认" not in lines["zh"]
    assert lines["en"].startswith("Final result (peer reviewed) · computed on ")
    assert "confirmed by peer review" not in lines["en"]
