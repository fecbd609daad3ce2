"""The result page: stars, every gate, why not the next star, radar SVG, KPI table."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from flask.testing import FlaskClient
from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import Answer as AnswerRow
from rcapp.assessments.models import Assessment, KpiValue, SnapshotKind
from rcapp.assessments.snapshots import find_snapshot, snapshot_scorecard
from rcapp.clock import to_beijing
from rcapp.cycles.services import close_cycle
from tests.conftest import AuthActions
from tests.factories import World, fill_complete, make_world, start, submitted_assessment
from tests.web.helpers import member_with_assessment, result_page


def test_result_shows_stars_gates_radar_and_kpis(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    card = services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    page = result_page(client, assessment.id)
    stars = card.rating.stars
    assert f'<span class="stars" aria-hidden="true">{"★" * stars}{"☆" * (3 - stars)}</span>' in page
    assert "暂定结果（自评，尚未经同行评审）" in page
    # Every gate of every band is listed, passed or failed.
    gates = sum(len(band.gates) for band in card.rating.bands)
    shown = [page.count(f'<li class="gate-{mark}">') for mark in ("pass", "wait", "fail")]
    assert sum(shown) == gates
    assert "同行评审员 0 名（要求至少 2 名）" in page
    assert f"为什么还不是 {card.rating.next_stars} 星" in page
    # The radar chart is inline SVG with one axis per section, and a table beside it.
    svg = re.search(r"<svg.*?</svg>", page, re.S)
    assert svg is not None
    root = ET.fromstring(svg.group(0))  # noqa: S314 - our own markup
    axes = root.findall(".//{http://www.w3.org/2000/svg}line[@data-axis]")
    assert [a.attrib["data-axis"] for a in axes] == [
        "管理体系",
        "社区认知和应急响应",
        "产品安全监管",
    ]
    assert "以表格查看图中数据" in page
    assert "员工损失工时伤害率" in page
    assert "每百万工时" in page
    assert "每20万工时" in page
    assert "数据质量：完成度 100%" in page


def test_improvement_path_links_to_items(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    db_session.commit()
    card = services.compute_scorecard(assessment)
    auth.login(world.user_a.email)
    page = result_page(client, assessment.id)
    assert card.path is not None
    for step in card.path.steps:
        assert f"#item-{step.item_id}" in page


def test_result_page_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth, filled=True)
    client.get("/lang/en?next=/")
    page = result_page(client, assessment.id)
    assert "Community awareness and emergency response" in page
    assert "Employee LTIF" in page
    assert "Starter" in page  # band label from the rubric


def _frozen_assessment(db_session: Session, world: World) -> Assessment:
    assessment = submitted_assessment(world)
    close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    return assessment


def test_a_closed_year_shows_its_frozen_snapshot_not_the_stored_answers(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = _frozen_assessment(db_session, world)
    frozen = find_snapshot(assessment, SnapshotKind.FROZEN)
    assert frozen is not None
    card = snapshot_scorecard(frozen)
    auth.login(world.user_a.email)
    before = result_page(client, assessment.id)
    # Change the stored answers behind the application's back: every item to level 0,
    # KPI inputs gone. A recomputation would show a very different score.
    db_session.execute(
        update(AnswerRow)
        .where(AnswerRow.assessment_id == assessment.id, AnswerRow.level.is_not(None))
        .values(level=0, evidence_note=None)
    )
    db_session.execute(delete(KpiValue).where(KpiValue.assessment_id == assessment.id))
    db_session.commit()
    db_session.expire_all()
    recomputed = services.compute_scorecard(assessment)
    assert recomputed.overall != card.overall
    after = result_page(client, assessment.id)
    assert after == before
    assert f"<strong>{card.overall:.1f}</strong> / 100" in after
    assert f"<strong>{recomputed.overall:.1f}</strong>" not in after
    when = to_beijing(frozen.computed_at).strftime("%Y-%m-%d %H:%M")
    assert f"显示的是年度关闭时冻结的结果（快照，{when}（北京时间））" in after


def test_the_snapshot_label_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # Switch first: the locale is kept for the test's one app context once chosen.
    world = make_world()
    live = start(world, world.org_b)
    frozen = _frozen_assessment(db_session, world)
    auth.login(world.user_a.email)
    client.get("/lang/en?next=/")
    assert "Showing the result frozen when the year was closed (snapshot," in result_page(
        client, frozen.id
    )
    auth.logout()
    auth.login(world.user_b.email)
    assert "Showing the result calculated live from the current answers." in result_page(
        client, live.id
    )


def test_a_closed_year_without_a_frozen_snapshot_says_it_is_live(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    draft = start(world)
    close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    auth.login(world.user_a.email)
    assert "显示的是按当前填写内容即时计算的结果。" in result_page(client, draft.id)
