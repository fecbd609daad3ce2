"""The "within reach" box lists only what stands between the stars and this year's reach (qa57 a).

A first-year company can reach 1 star: the box went on to the 3-star band's peer review, as
if it mattered this year. It now stops at one line saying why 2 stars cannot be had, and
the PDF scorecard carries the same lines.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reports import documents
from tests.conftest import AuthActions
from tests.factories import make_world, report_last_year, submitted_assessment

WORDS = {
    "zh_CN": (
        "本年度最高可达 1 星",
        "2 星及以上：核心绩效指标连续报送 1 年（要求 2 年）（本年度无法满足）",
    ),
    "en": ("At most 1 star this year", "(cannot be met this year)"),
}
PEER = {"zh_CN": "同行评审员", "en": "peer reviewer"}


def _lines(text: str) -> list[str]:
    box = text[text.index('id="within-reach"') :]
    box = box[: box.index("</ul>")]
    return [html.unescape(li) for li in re.findall(r"<li>(.*?)</li>", box)]


@pytest.mark.parametrize(("lang", "doc_lang"), [("zh_CN", "zh"), ("en", "en")])
def test_the_box_stops_at_the_band_that_closes_the_year_on_the_page_and_the_pdf(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, doc_lang: str
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    headline, why_not_higher = WORDS[lang]
    assert headline in page
    lines = _lines(page)
    assert len(lines) == 1, lines
    assert why_not_higher in lines[0]
    assert PEER[lang] not in lines[0]  # the 3-star band's condition stays out
    scorecard = documents.scorecard_html(assessment, doc_lang)
    assert headline in scorecard
    assert _lines(scorecard) == lines


def test_a_reachable_peer_review_is_listed_with_nothing_after_the_top(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    report_last_year(world)
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    page = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    assert "本年度最高可达 3 星" in page
    lines = _lines(page)
    assert lines == ["3 星：同行评审员 0 名（要求至少 2 名）（待判定：由同行评审或秘书处判定）"]
    assert _lines(documents.scorecard_html(assessment, "zh")) == lines
