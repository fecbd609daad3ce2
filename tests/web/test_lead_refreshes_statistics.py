"""A working group's lead sees how old the side-by-side figures are and may refresh them.

The page says when the year's benchmarks were computed and how many of the group's members
changed since (submitted, resubmitted or returned); while the year is open the lead or
deputy may queue the computation again, once: a computation already waiting in the queue
is not queued twice, and a closed year's figures stay frozen.
"""

from __future__ import annotations

import html
import re
import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from rcapp.accounts.models import GroupRole
from rcapp.assessments import services
from rcapp.audit.models import AuditEntry
from rcapp.benchmarks import tasks
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.cycles.models import CycleStatus
from rcapp.queue import huey
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user
from tests.factories_reviews import ReviewWorld, make_review_world

CHANGED = {
    "zh_CN": "此后本组有 2 家成员的自评提交、重新提交或被退回，尚未计入对标数据。",
    "en": "Since then 2 members of this group submitted, resubmitted or were returned",
}
BUTTON = {"zh_CN": "重新计算对标数据", "en": "Compute the benchmarks again"}


def _text(client: FlaskClient, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, url
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.get_data(as_text=True))).split())


def _changed_since(db_session: Session) -> ReviewWorld:
    """Six members computed; then one returned, and one returned and submitted again."""
    world = make_review_world(6)
    compute_benchmarks(world.cycle, None)
    returned, again = world.assessments[:2]
    for assessment in (returned, again):
        services.return_assessment(assessment, "请补充", world.secretariat)
    services.submit_assessment(again, world.members[1])
    db_session.commit()
    return world


def _requests(db_session: Session, world: ReviewWorld) -> list[AuditEntry]:
    return list(
        db_session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "cycle",
                AuditEntry.entity_id == world.cycle.id,
                AuditEntry.action == tasks.REQUEST_ACTION,
            )
        )
    )


def _page(world: ReviewWorld) -> str:
    return f"/benchmarks/groups/{world.group.id}?cycle={world.cycle.id}"


def _ask(client: FlaskClient, world: ReviewWorld, **extra: str) -> TestResponse:
    """Post the page's "compute again" form for the world's year."""
    data: dict[str, int | str] = {"cycle": world.cycle.id, **extra}
    return client.post(f"/benchmarks/groups/{world.group.id}/compute", data=data)


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int | None]]:
    """The computations queued in the background, as (cycle id, requester id): none run."""
    calls: list[tuple[int, int | None]] = []
    monkeypatch.setattr(tasks, "compute_in_background", lambda *a: calls.append(a))
    return calls


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_page_says_when_the_figures_were_computed_and_how_many_changed_since(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = _changed_since(db_session)
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")

    text = _text(client, _page(world))

    assert CHANGED[lang] in text
    if lang == "zh_CN":
        assert "（北京时间）。此后本组" in text  # no space between Chinese sentences
    assert f">{BUTTON[lang]}</button>" in client.get(_page(world)).get_data(as_text=True)
    page = client.get(_page(world)).get_data(as_text=True)
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*id="statistics-refresh">', page)
    assert form is not None
    assert form[1] == f"/benchmarks/groups/{world.group.id}/compute"
    assert 'name="csrf_token"' in page.split('id="statistics-refresh"')[1].split("</form>")[0]


def test_the_lead_queues_the_computation_and_the_figures_are_current_after(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _changed_since(db_session)
    auth.login(world.lead.email)

    response = _ask(client, world)

    assert response.status_code == 302
    assert response.headers["Location"].endswith(_page(world))
    text = _text(client, _page(world))
    assert "已请求重新计算 2025 年度的对标数据" in text
    assert "尚未计入对标数据" not in text  # computed at once here (immediate mode)
    assert 'id="statistics-refresh"' not in client.get(_page(world)).get_data(
        as_text=True
    )  # nothing left to compute
    assert [e.actor_id for e in _requests(db_session, world)] == [world.lead.id]

    # Again with nothing changed: not queued, and said so.
    _ask(client, world)
    assert "对标数据已是最新" in _text(client, _page(world))
    assert len(_requests(db_session, world)) == 1


def test_a_computation_waiting_in_the_queue_is_not_queued_twice(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    queued: list[tuple[int, int | None]],
) -> None:
    world = _changed_since(db_session)
    deputy = make_user(make_organisation(), name="副组长")
    make_group_role(deputy, world.group, GroupRole.DEPUTY)
    db_session.commit()

    auth.login(world.lead.email)
    _ask(client, world)
    auth.logout()
    auth.login(deputy.email)
    _ask(client, world)
    text = _text(client, _page(world))

    assert queued == [(world.cycle.id, world.lead.id)]  # the deputy's request was taken along
    assert "对标数据的重新计算已在排队，无需再次请求" in text
    assert "正在排队等待后台计算" in text
    assert 'id="statistics-refresh"' not in client.get(_page(world)).get_data(as_text=True)
    assert [e.actor_id for e in _requests(db_session, world)] == [world.lead.id]
    # once the worker starts it, a new request queues the next computation
    huey.delete(tasks.marker(world.cycle.id))
    _ask(client, world)
    assert queued == [(world.cycle.id, world.lead.id), (world.cycle.id, deputy.id)]


def test_a_closed_year_is_never_computed_again_from_the_page(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    queued: list[tuple[int, int | None]],
) -> None:
    world = make_review_world(5)
    # closed without a computation (as an old year): every member "changed since", frozen all
    # the same
    world.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    auth.login(world.lead.email)

    text = _text(client, _page(world))
    assert "年度已关闭，对标数据已随年度冻结，不能重新计算。" in text
    assert 'id="statistics-refresh"' not in client.get(_page(world)).get_data(as_text=True)
    _ask(client, world)

    assert queued == []
    assert _requests(db_session, world) == []


def test_a_second_request_while_one_waits_is_neither_logged_nor_queued(
    db_session: Session, queued: list[tuple[int, int | None]]
) -> None:
    world = make_review_world(5)

    assert tasks.request_compute(world.cycle, world.lead)
    assert tasks.compute_queued_at(world.cycle.id) is not None
    assert not tasks.request_compute(world.cycle, world.secretariat)

    assert queued == [(world.cycle.id, world.lead.id)]
    assert [e.actor_id for e in _requests(db_session, world)] == [world.lead.id]


def test_only_the_groups_lead_deputy_or_the_secretariat_may_ask(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    queued: list[tuple[int, int | None]],
) -> None:
    world = _changed_since(db_session)

    for user in (world.members[2], world.reviewers[3]):
        auth.login(user.email)
        assert _ask(client, world).status_code == 403
        auth.logout()
    assert queued == []

    auth.login(world.secretariat.email)
    assert _ask(client, world).status_code == 302
    assert queued == [(world.cycle.id, world.secretariat.id)]


def test_a_request_without_the_forms_csrf_token_is_refused(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    queued: list[tuple[int, int | None]],
) -> None:
    world = _changed_since(db_session)
    auth.login(world.lead.email)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = _ask(client, world, csrf_token="stale")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False

    assert refused.status_code == 400
    assert queued == []
    assert _requests(db_session, world) == []


def test_a_computation_no_worker_takes_says_so(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _changed_since(db_session)
    # queued ten minutes ago and not started: a running worker takes it in seconds
    huey.put(tasks.marker(world.cycle.id), time.time() - 600)
    auth.login(world.lead.email)

    text = _text(client, _page(world))

    assert "正在排队等待后台计算" in text
    assert "排队已久仍未开始：后台任务程序可能没有运行，请联系秘书处。" in text
