"""A company that signed in 2025 and joined mid-year, its core KPIs half filled (newcomer #1).

The overview and the result page count the reporting run one way: this year counts only
once every core KPI input is filled, and both say so. Years before the signing are never
asked for: the headline cap does not count on them, and they are offered as optional.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from tests.conftest import AuthActions
from tests.factories import FULL_KPIS, World, make_world, start
from tests.web.helpers import page_words

NOTE = {
    "zh_CN": "本年度核心指标尚缺 1 项，填齐后计为连续报送 1 年",
    "en": "this year still lacks 1 core KPI data items; once they are all filled in, the run "
    "counts 1 consecutive years",
}
OPTIONAL = {
    "zh_CN": "贵单位 2025 年签署责任关怀承诺，此前年度的数据无须报送。 如有 2024 年度的核心指标"
    "数据，也可自愿补录（自报）",
    "en": "Your organisation signed the Responsible Care commitment in 2025: data of earlier "
    "years are not required. If you have the core KPI data of 2024",
}


def _newcomer(db_session: Session, signed: dt.date) -> tuple[World, int]:
    world = make_world(2025)
    world.org_a.commitment_signed_on = signed
    assessment = start(world)
    half = {k: v for k, v in FULL_KPIS.items() if k != "lti_employees"}
    result = services.save_kpi_inputs(assessment, rubric_of(assessment), half, world.user_a)
    assert result.ok, result.problems
    db_session.commit()
    return world, assessment.id


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_overview_and_result_count_the_run_alike_and_ask_no_year_before_signing(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, assessment_id = _newcomer(db_session, dt.date(2025, 6, 18))
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}?next=/")
    overview = page_words(client, f"/assessments/{assessment_id}")
    result = page_words(client, f"/assessments/{assessment_id}/result")
    for words in (overview, result):
        assert NOTE[lang] in words
        assert OPTIONAL[lang] in words
    if lang == "zh_CN":
        assert "本年度最多可评 1 星" in overview
        assert "贵单位目前连续报送 0 年" in overview
        assert "核心绩效指标连续报送 0 年（要求 1 年）" in result
        assert "本年度最高可达 1 星" in result  # the overview's cap, not 3 by backfill
        assert "补录 2023、2024 年度的核心指标数据后" not in overview + result


def test_years_after_signing_stay_this_years_way_up(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment_id = _newcomer(db_session, dt.date(2020, 1, 1))
    auth.login(world.user_a.email)
    overview = page_words(client, f"/assessments/{assessment_id}")
    assert "目前最多可评 1 星" in overview
    assert "补录 2023、2024 年度的核心指标数据后" in overview or "补录 2024 年度" in overview
    assert "此前年度的数据无须报送" not in overview
