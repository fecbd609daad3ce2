"""The result page says at the top which rating is within reach this year, and why not more.

A first-year organisation cannot have two years of core KPI data, and a self-assessment has
no peer review: the page says so in one line each, from the engine's gates (qa11 D3).
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.clock import beijing_today
from rcapp.cycles import services as services_of_cycles
from tests.conftest import AuthActions
from tests.factories import (
    make_assessment,
    make_cycle,
    make_world,
    report_last_year,
    start,
    submitted_assessment,
)


def _summary(client: FlaskClient, assessment_id: int) -> str:
    page = client.get(f"/assessments/{assessment_id}/result").get_data(as_text=True)
    start_at = page.index('id="within-reach"')
    assert start_at < page.index('id="bands-title"')  # at the top, before the conditions
    return page[start_at : page.index("</div>", start_at)]


def test_a_first_year_draft_is_told_one_star_is_the_most_this_year(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    # 2024's assessment reported no KPI and may not be backfilled (补录): this year's run
    # cannot be lengthened, so 2 stars are out of reach
    make_assessment(world.org_a, make_cycle(year=2024))
    assessment = start(world)
    db_session.commit()
    auth.login(world.user_a.email)
    summary = _summary(client, assessment.id)
    assert "本年度可达到的最高星级" in summary
    assert "本年度最高可达 1 星" in summary
    assert (
        "2 星及以上：核心绩效指标连续报送 0 年（要求 2 年）；"
        "本年度核心指标尚缺 3 项，填齐后计为连续报送 1 年（本年度无法满足）"
    ) in summary
    # Nothing of the bands above the reach: the 3-star band's peer review is not this year's
    # business when 2 stars cannot be had (qa57 a).
    assert "同行评审员 0 名" not in summary
    assert "3 星" not in summary
    assert "5 星" not in summary
    limits = summary[summary.index("</p>") : summary.index("本单位仍可做的：")]
    assert limits.count("<li>") == 1
    assert "本单位仍可做的：" in summary
    assert "作答其余 5 个评价项（未作答按 0 计）" in summary
    assert "前置条件 P1 尚未作答" in summary
    client.get("/lang/en")
    summary = _summary(client, assessment.id)
    assert "Highest rating within reach this year" in summary
    assert "At most 1 star this year" in summary
    assert "(cannot be met this year)" in summary
    assert "3 stars: " not in summary
    assert "What your organisation can still do:" in summary


def test_a_submitted_self_assessment_keeps_the_ceiling_but_not_the_to_do_list(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    summary = _summary(client, assessment.id)
    assert "本年度最高可达 1 星" in summary
    assert "本单位仍可做的：" not in summary


def test_the_data_quality_line_counts_the_items_not_applicable_of_all_items(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """The line "N/A 3% (192 items)" read as if 192 items were N/A; it says how many of how many."""
    world = make_world()
    assessment = start(world)
    item = {"C6.E1.1": ItemInput(is_na=True, na_reason="不生产化学品")}
    result = services.save_section(assessment, rubric_of(assessment), "C6", item, world.user_a)
    assert result.ok, result.problems
    db_session.commit()
    auth.login(world.user_a.email)
    page = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    assert "不适用 1 项（共 5 项，20%）" in page
    client.get("/lang/en")
    page = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    assert "1 not applicable (of 5 items, 20%)" in page


def test_the_top_band_is_not_worded_as_and_above(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa16 S4: "5 星及以上：" where 5 stars is the most there is."""
    world = make_world()
    report_last_year(world)  # the top band within reach: its condition is listed
    assessment = start(world)
    db_session.commit()
    auth.login(world.user_a.email)
    top = max(band.stars for band in rubric_of(assessment).rating.bands)
    summary = _summary(client, assessment.id)
    assert f"{top} 星及以上：" not in summary
    assert f"{top} 星：" in summary
    client.get("/lang/en")
    summary = _summary(client, assessment.id)
    assert f"From {top} stars:" not in summary
    assert f"{top} stars:" in summary


PASSED = {
    "zh_CN": "提交截止日期已过：须经秘书处允许逾期提交，以下内容才计入本年度结果。",
    "en": "The submission deadline has passed: none of the following counts for this year "
    "unless the secretariat allows a late submission.",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_an_overdue_draft_is_told_first_that_the_deadline_has_passed(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """qa19 S3: the ceiling and the to-do list said nothing of the missed deadline."""
    world = make_world()
    world.cycle.deadline = beijing_today() - dt.timedelta(days=3)
    assessment = start(world)
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")
    summary = _summary(client, assessment.id)
    said = summary.index(PASSED[lang])
    assert said < summary.index("<strong>", said + len(PASSED[lang]))  # before the ceiling
    # Allowed to submit late: the list counts again, no such line.
    services_of_cycles.allow_late_submission(
        world.cycle, world.org_a.id, beijing_today() + dt.timedelta(days=7), world.secretariat
    )
    db_session.commit()
    assert PASSED[lang] not in _summary(client, assessment.id)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_draft_before_the_deadline_is_not_told_it_passed(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    world.cycle.deadline = beijing_today() + dt.timedelta(days=3)
    assessment = start(world)
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")
    assert PASSED[lang] not in _summary(client, assessment.id)
