"""A first-year signatory reads its one-star cap on the overview before answering (qa50 #7):
the band above needs core KPIs reported two consecutive years, which this year alone cannot
give; before, the cap showed only on the result page after submitting.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_world, start, submitted_assessment
from tests.web.helpers import page_words

CAP = {
    "zh_CN": (
        "本年度最多可评 1 星 2 星及以上要求核心绩效指标连续报送 2 年（含本年度）；"
        "贵单位连同本年度最多连续报送 1 年，本年度无法满足，无论评价项的得分多高。"
        " 请每年填报全部核心 KPI 数据：连续报送满 2 年后（最早 2026 年度）即可评更高星级。"
    ),
    "en": (
        "At most 1 star this year 2 stars or more need core KPIs reported 2 consecutive "
        "years (this year included); with this year your organisation reaches at most 1, so "
        "this year cannot meet it, however high the items score. Report every core KPI each "
        "year: after 2 consecutive years (2026 at the earliest) higher stars are possible."
    ),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_first_year_draft_reads_its_cap_on_the_overview(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    assessment = start(world)
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}?next=/")
    assert CAP[lang] in page_words(client, f"/assessments/{assessment.id}")


def test_a_year_after_a_reported_one_has_no_cap(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(year=2024)
    submitted_assessment(world)  # every core KPI reported in 2024
    cycle = make_cycle(year=2025)
    assessment = services.get_or_start_assessment(world.org_a, cycle, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    assert 'id="history-cap"' not in page_words(client, f"/assessments/{assessment.id}")
    words = page_words(client, f"/assessments/{assessment.id}")
    assert "本年度最多可评" not in words
