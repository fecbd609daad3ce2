"""The section radar on the result page and the scorecard PDF: values, group median, no overlaps.

An HSE manager copying the radar into a slide found neither the values nor the peer median
on it; the scorecard PDF's word-overlap check found its names running into each other on
page 1 (the board-pack test had to skip that page).
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus
from rcapp.assessments.queries import rubric_of
from rcapp.benchmarks.services import compute_benchmarks, section_medians
from rcapp.reports import documents
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world
from tests.parks import park_year, rated_resident, real_rubrics  # noqa: F401 - the fixture
from tests.pdf_tools import needs_poppler, overlapping_words, pdf_text

MEDIAN = {"zh": "同组中位数", "en": "Group median"}


def _result(client: FlaskClient, assessment_id: int, lang: str) -> str:
    client.get(f"/lang/{lang}")
    return client.get(f"/assessments/{assessment_id}/result").get_data(as_text=True)


def _series(page: str, name: str) -> str:
    found = re.search(rf'<g class="series" data-series="{name}">(.*?)</g>', page, re.S)
    assert found, name
    return found.group(1)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_result_page_draws_the_values_and_the_groups_median_dashed(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    own = world.assessments[0]
    medians = section_medians(own)
    assert medians  # five members: the group shows its statistics
    auth.login(world.members[0].email)
    page = _result(client, own.id, lang)
    median = _series(page, MEDIAN[lang])
    assert 'stroke-dasharray="6 4"' in median
    drawn = dict(re.findall(r'<circle[^>]*data-axis="([^"]*)" data-value="([^"]*)"', median))
    assert sorted(drawn.values()) == sorted(f"{m:.1f}" for m in medians.values())
    # the legend names both series, the median with a dashed line
    legend = page.split('<g class="legend">', 1)[1].split("</g>", 1)[0]
    assert MEDIAN[lang] in legend
    assert "stroke-dasharray" in legend
    # each own score written at its point
    values = page.split('<g class="values"', 1)[1].split("</g>", 1)[0]
    written = re.findall(r"<text [^>]*>([^<]*)</text>", values)
    first = re.search(r'<g class="series" data-series="[^"]*">(.*?)</g>', page, re.S)
    assert first  # the organisation's own series is drawn first
    own_scores = re.findall(r'<circle[^>]*data-value="([^"]*)"', first.group(1))
    assert written
    assert written == own_scores
    # the table beside the chart has the median column
    table = page.split("<details>", 1)[1].split("</table>", 1)[0]
    assert f'<th scope="col" class="num">{MEDIAN[lang]}</th>' in table


def test_a_group_too_small_for_statistics_gets_no_median(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(4)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    assert section_medians(world.assessments[0]) == {}
    auth.login(world.members[0].email)
    page = _result(client, world.assessments[0].id, "zh")
    assert MEDIAN["zh"] not in page
    assert 'class="values"' in page  # the own values are written all the same


@needs_poppler
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_scorecard_pdf_has_the_median_and_no_words_run_into_each_other(
    app: Flask, db_session: Session, lang: str
) -> None:
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    own = world.assessments[0]
    with app.test_request_context():
        html = documents.scorecard_html(own, lang)
        pdf = documents.scorecard_pdf(own, lang)
    assert f'<th class="num">{MEDIAN[lang]}</th>' in html  # the table beside the chart
    first = pdf_text(pdf).split("\f")[0]
    assert MEDIAN[lang] in first
    assert [o for o in overlapping_words(pdf) if o[0] == 1] == []


@needs_poppler
@pytest.mark.usefixtures("real_rubrics")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_company_rubrics_seven_names_do_not_overlap_on_page_one(
    app: Flask, db_session: Session, lang: str
) -> None:
    park = park_year(status=AssessmentStatus.SUBMITTED)
    company = rated_resident(park.organisation, park.cycle, 3)
    db_session.flush()
    with app.test_request_context():
        pdf = documents.scorecard_pdf(company, lang)
    assert len(rubric_of(company).sections) == 7
    assert [o for o in overlapping_words(pdf) if o[0] == 1] == []
    assert ("Community" if lang == "en" else "社区") in pdf_text(pdf).split("\f")[0]


def test_the_phone_key_gives_the_median_beside_the_score(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # on a phone the values and the series' names in the picture are too small (app.css
    # hides them); the key under the chart gives both figures, and names them
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    medians = section_medians(world.assessments[0])
    auth.login(world.members[0].email)
    page = _result(client, world.assessments[0].id, "en")
    key = page.split('<dl class="radar-legend">', 1)[1].split("</dl>", 1)[0]
    assert "<dd>Self-assessment / Group median</dd>" in key
    others = re.findall(r'<span class="radar-other"> / ([^<]*)</span>', key)
    assert sorted(others) == sorted(f"{m:.1f}" for m in medians.values())
