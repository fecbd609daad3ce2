"""qa87 2: one list of the year's submitted KPI figures to check.

The secretariat, checking the submitted assessments for obviously wrong KPI figures, had to
open every organisation's result page to find its 请核对 list. The year page now links one
list of them, worded as the result pages word them.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from rcapp.assessments.models import AssessmentStatus, KpiValue
from rcapp.db import utcnow
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_organisation, make_world


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _year(session: Session) -> tuple[int, int, int]:
    """Two submitted assessments: one with a figure ten times last year's, one plain."""
    world = make_world()
    doubted, plain = make_organisation(name_zh="甲化工有限公司"), make_organisation()
    earlier = make_world(year=world.cycle.year - 1).cycle
    last = make_assessment(doubted, earlier, status=AssessmentStatus.SUBMITTED)
    session.add(KpiValue(assessment_id=last.id, input_id="hours_employees", value=Decimal(2e6)))
    ids = []
    for org, hours in ((doubted, Decimal(2e8)), (plain, Decimal(2e6))):
        assessment = make_assessment(
            org, world.cycle, status=AssessmentStatus.SUBMITTED, submitted_at=utcnow()
        )
        session.add(KpiValue(assessment_id=assessment.id, input_id="hours_employees", value=hours))
        ids.append(assessment.id)
    secretary = make_world(year=2031).secretariat
    session.commit()
    return world.cycle.id, ids[0], secretary.id


@pytest.mark.parametrize(
    ("lang", "summary", "link"),
    [
        ("zh_CN", "已提交的 2 份自评中，1 份有超出通常范围的 KPI 数据。", "核对 KPI 数据"),
        ("en", "1 of the 2 submitted self-assessments has KPI figures", "Check KPI figures"),
    ],
)
def test_the_year_lists_the_submitted_figures_to_check(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    summary: str,
    link: str,
) -> None:
    cycle_id, doubted_id, secretary_id = _year(db_session)
    secretary = db_session.get(User, secretary_id)
    assert secretary is not None
    auth.login(secretary.email)
    client.get(f"/lang/{lang}")
    year = client.get(f"/cycles/{cycle_id}").get_data(as_text=True)
    assert f'href="/cycles/{cycle_id}/kpi-doubts" id="kpi-doubts-link">{link}<' in year
    page = client.get(f"/cycles/{cycle_id}/kpi-doubts").get_data(as_text=True)
    text = _text(page)
    assert summary in text
    rows = re.findall(r'data-assessment="(\d+)"', page)
    assert rows == [str(doubted_id)]  # the plain one is not listed
    # the result page's own words for the doubt, with the figure and last year's
    result = _text(client.get(f"/assessments/{doubted_id}/result").get_data(as_text=True))
    said = re.search(r"(\S+：本年 [\d,]+，与去年的 [\d,]+ 相差十倍以上，请核对。)", result)
    if lang == "zh_CN":
        assert said is not None
        assert said.group(1) in text
    assert f"/assessments/{doubted_id}/kpis" in page


def test_only_the_secretariat_reads_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle_id, doubted_id, _secretary = _year(db_session)
    world = make_world(year=2032)
    db_session.commit()
    auth.login(world.user_a.email)
    assert client.get(f"/cycles/{cycle_id}/kpi-doubts").status_code == 403
