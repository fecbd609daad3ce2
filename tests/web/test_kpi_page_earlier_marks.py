"""The KPI page says 未设 where last year's rubric had no such KPI, as the scorecard does.

The secretariat's year-end test: PK-SR-04 is new in rc-park v2. On the KPI page its 上年
cell said 不可比 ("defined otherwise") while the scorecard PDF printed 未设 for the same
2024; both now take the word from rcapp.assessments.earlier_marks (qa55 #4).
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments.earlier_marks import EarlierMark, earlier_mark_text, earlier_year_text
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.parks import (
    closed_park_year,
    park_assessment,
    real_rubrics,  # noqa: F401 - the fixture
)

UNDEFINED = {"zh": "未设", "en": "n/a"}
NOT_COMPARABLE = {"zh": "不可比", "en": "not comparable"}
NOTE = {
    "zh": "“未设”：该年度的评价细则没有此指标",
    "en": "“n/a”: that year's rubric version had no such KPI",
}


def _row(page: str, kpi_id: str) -> str:
    start = page.index(f'<span class="item-id nowrap">{kpi_id}</span></th>')
    return page[start : page.index("</tr>", start)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_kpi_new_since_last_year_says_undefined_not_incomparable(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - the fixture
    lang: str,
) -> None:
    park, _earlier = closed_park_year(make_user(None), 1, [2])
    own = park_assessment(park, 2025, 2, companies_resident="86", fatalities_park="0")
    member = make_user(park)
    db_session.commit()
    auth.login(member.email)
    auth.choose_language(lang)
    page = html.unescape(client.get(f"/assessments/{own.id}/kpis").get_data(as_text=True))
    new_kpi = _row(page, "PK-SR-04")
    assert f'<span class="muted">{UNDEFINED[lang]}</span>' in new_kpi
    assert NOT_COMPARABLE[lang] not in new_kpi.lower()
    assert NOTE[lang] in page


@pytest.mark.parametrize(
    ("lang", "mark", "word", "in_year"),
    [
        ("zh", EarlierMark.UNDEFINED, "未设", "2024 年评价细则未设此指标"),
        ("zh", EarlierMark.NOT_COMPARABLE, "不可比", "2024 年不可比"),
        ("en", EarlierMark.UNDEFINED, "n/a", "2024: not in that year's rubric"),
        ("en", EarlierMark.NOT_COMPARABLE, "Not comparable", "2024 not comparable"),
    ],
)
def test_one_word_per_mark(
    client: FlaskClient, lang: str, mark: EarlierMark, word: str, in_year: str
) -> None:
    with client.application.test_request_context(), force_locale(lang):
        assert earlier_mark_text(mark).lower() == word.lower()
        assert earlier_year_text(mark, 2024).lower() == in_year.lower()
