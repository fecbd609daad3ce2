"""A first-year signatory reads its one-star cap on the overview before answering (qa50 #7):
the band above needs core KPIs reported two consecutive years, which this year alone cannot
give; before, the cap showed only on the result page after submitting. A newly joined
organisation that may still fill in (补录) the earlier years reads that as this year's way up,
with links, not "本年度无法满足" (backfillcap #1, #3).
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from tests.conftest import AuthActions
from tests.factories import (
    make_assessment,
    make_cycle,
    make_world,
    start,
    submitted_assessment,
)
from tests.web.helpers import page_words

CAP = {
    "zh_CN": (
        "本年度最多可评 1 星 2 星及以上要求核心绩效指标连续报送 2 年（含本年度）；"
        "贵单位目前连续报送 0 年（本年度核心指标尚缺 3 项，填齐后计为连续报送 1 年）。"
        " 2 星及以上要求核心绩效指标连续报送 2 年（含本年度）；"
        "贵单位连同本年度最多连续报送 1 年，本年度无法满足，无论评价项的得分多高。"
        " 请每年填报全部核心 KPI 数据：连续报送满 2 年后（最早 2026 年度）即可评更高星级。"
    ),
    "en": (
        "At most 1 star this year 2 stars or more need core KPIs reported 2 consecutive "
        "years (this year included); your organisation has reported 0 so far (this year "
        "still lacks 3 core KPI data items; once they are all filled in, the run counts 1 "
        "consecutive years). 2 stars or more need core KPIs reported 2 consecutive "
        "years (this year included); with this year your organisation reaches at most 1, so "
        "this year cannot meet it, however high the items score. Report every core KPI each "
        "year: after 2 consecutive years (2026 at the earliest) higher stars are possible."
    ),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_draft_without_years_to_backfill_reads_its_cap_on_the_overview(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    # 2024 had an assessment that reported no KPI: it may not be backfilled, so the run
    # cannot be lengthened this year
    make_assessment(world.org_a, make_cycle(year=2024))
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


BACKFILL_WAY = {
    "zh_CN": (
        "目前最多可评 1 星 2 星及以上要求核心绩效指标连续报送 2 年（含本年度）；"
        "贵单位目前连续报送 0 年（本年度核心指标尚缺 3 项，填齐后计为连续报送 1 年）。"
        " 补录 2024 年度的核心指标数据后，连续报送满 2 年，本年度的星级不再受连续报送年数限制。"
        " 去补录： 2024 年度"
    ),
    "en": (
        "At most 1 star for now 2 stars or more need core KPIs reported 2 consecutive years "
        "(this year included); your organisation has reported 0 so far (this year still "
        "lacks 3 core KPI data items; once they are all filled in, the run counts 1 "
        "consecutive years). "
        "Once the core KPI data of 2024 are filled in, reporting runs 2 consecutive years and "
        "the years of reporting no longer cap this year\u2019s stars. Fill them in: Year 2024"
    ),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_new_member_reads_backfill_as_this_years_way_up(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    assessment = start(world)  # no assessment before: 2023 and 2024 may be backfilled
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}?next=/")
    words = page_words(client, f"/assessments/{assessment.id}")
    assert BACKFILL_WAY[lang] in words
    assert "本年度无法满足" not in words
    assert "cannot meet" not in words
    page = client.get(f"/assessments/{assessment.id}").get_data(as_text=True)
    assert f'href="/assessments/{assessment.id}/kpis/earlier/2024"' in page
