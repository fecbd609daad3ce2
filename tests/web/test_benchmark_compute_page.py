"""The secretariat computes an open year's peer-group statistics from the year's page."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp.benchmarks.models import PeerGroupStat
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.cycles.models import CycleStatus
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world


def _stats(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(PeerGroupStat)) or 0


def test_the_secretariat_computes_the_statistics_on_the_queue(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.secretariat.email)
    page = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    assert "本年度还没有计算对标数据" in page
    response = client.post(f"/benchmarks/cycles/{world.cycle.id}/compute", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "正在后台计算 2025 年度的对标数据" in page  # the queue runs tasks at once under test
    assert "个同行组有统计数据。" in page
    assert "最近计算于" in page
    assert _stats(db_session) > 0
    client.get("/lang/en")
    english = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    assert "Last computed" in english
    assert "Compute the benchmarks from the submitted self-assessments" in english


def test_only_the_secretariat_computes_and_never_for_a_closed_year(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.lead.email)
    assert client.post(f"/benchmarks/cycles/{world.cycle.id}/compute").status_code == 403
    auth.logout()
    world.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    auth.login(world.secretariat.email)
    response = client.post(f"/benchmarks/cycles/{world.cycle.id}/compute", follow_redirects=True)
    assert "该年度已关闭，对标数据已随年度冻结。" in response.get_data(as_text=True)
    assert _stats(db_session) == 0
    assert "用已提交的自评计算对标数据" not in response.get_data(as_text=True)


def test_a_year_computed_with_no_group_big_enough_says_why_open_and_closed(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(4)  # computed, but the group is below the minimum of 5
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    assert _stats(db_session) == 0
    auth.login(world.secretariat.email)
    url = f"/cycles/{world.cycle.id}"
    page = client.get(url).get_data(as_text=True)
    assert "本年度还没有计算对标数据" not in page
    assert "最近计算于" in page
    assert "4 家单位有对标数据，但没有同行组达到 5 家的最少成员数，所以不显示组统计数据" in page
    world.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "本年度还没有计算对标数据" not in page
    assert "没有同行组达到 5 家的最少成员数" in page
    assert "关闭年度时已计算，并随年度冻结。" in page
    client.get("/lang/en")
    english = client.get(url).get_data(as_text=True)
    assert "4 organisations have benchmark values, but no peer group reached the minimum" in english
    assert "Computed when the year was closed, and frozen with it." in english
    assert "not computed" not in english


def test_a_closed_year_without_any_computation_does_not_claim_frozen_benchmarks(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    world.cycle.status = CycleStatus.CLOSED  # closed without the close service: no computation
    db_session.commit()
    auth.login(world.secretariat.email)
    page = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    assert "本年度没有对标数据的计算记录。" in page
    assert "冻结" not in page.split('id="benchmarks-heading"', 1)[1].split("</section>", 1)[0]
