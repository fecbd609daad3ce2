"""The year page says where each edition's stamp stands; a failed one is queued again.

Publishing an annual report queues its render with the edition line (edition_stamp). The
secretariat saw neither that it waited nor that it failed; now the year's list of editions
says 正在加盖版次… (with the time queued), 已加盖版次 or 加盖版次失败 with why, and offers
重新加盖 (queued on the worker, audited, the secretariat's only).
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp import queue
from rcapp.accounts.models import GroupRole
from rcapp.reports import edition_mail, stamp_states
from rcapp.reports.stamp_states import StampState, stamp_of
from rcapp.web import beijing_time
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_user, make_working_group
from tests.integration.test_queue import queued_mode  # noqa: F401 - the fixture
from tests.web.reports.edition_stamps import (
    as_secretariat,
    edition_row,
    failed_edition,
    published,
    render_works,
    restamps,
    run_stamp,
)
from tests.web.reports.test_editions import closed_world

WORDS = {
    "zh": {
        "pending": "正在加盖版次…",
        "queued": "{time}排队",
        "done": "已加盖版次",
        "failed": "加盖版次失败",
        "why": "生成带版次的文件时出错。请点“重新加盖”重试",
        "number": "（错误编号 {number}）。",
        "retry": "重新加盖",
    },
    "en": {
        "pending": "Stamping the edition…",
        "queued": "queued {time}",
        "done": "Edition stamped",
        "failed": "Stamping the edition failed",
        "why": "An error occurred while producing the file with its edition stamp.",
        "number": "(error number {number}).",
        "retry": "Stamp again",
    },
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_year_page_says_pending_done_and_failed(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    world = closed_world(db_session)
    words = WORDS[lang]
    pending, done, failed = (published(world, db_session) for _ in range(3))
    run_stamp(monkeypatch, done)
    run_stamp(monkeypatch, failed, renders=False)
    as_secretariat(client, auth, world, lang)

    row = edition_row(client, world, pending)
    queued = stamp_of(pending)
    assert queued is not None
    assert queued.state is StampState.PENDING
    assert words["pending"] in row
    assert words["queued"].format(time=beijing_time(queued.at)) in row
    assert words["done"] not in row
    assert "restamp" not in row

    db_session.refresh(done)
    row = edition_row(client, world, done)
    assert words["done"] in row
    assert words["pending"] not in row

    db_session.refresh(failed)
    stamp = stamp_of(failed)
    assert stamp is not None
    assert stamp.state is StampState.FAILED
    assert stamp.number.startswith(f"{failed.id}/")
    row = edition_row(client, world, failed)
    assert words["failed"] in row
    assert words["why"] in row
    assert words["number"].format(number=stamp.number) in row
    assert "layout engine crashed" not in row  # the raw text is for the log
    assert f'action="/reports/jobs/{failed.id}/restamp"' in row
    assert words["retry"] in row


@pytest.mark.usefixtures("queued_mode")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_retry_is_queued_for_the_worker_and_audited(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    world = closed_world(db_session)
    job = failed_edition(world, db_session)
    as_secretariat(client, auth, world, lang)
    answer = client.post(f"/reports/jobs/{job.id}/restamp")
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/cycles/{world.cycle.id}#edition-{job.id}")
    assert queue.huey.pending_count() == 1  # not run in the request
    db_session.refresh(job)
    stamp = stamp_of(job)
    assert stamp is not None
    assert stamp.state is StampState.PENDING
    assert WORDS[lang]["pending"] in edition_row(client, world, job)
    logged = restamps(db_session)
    assert len(logged) == 1
    assert logged[0].actor_id == world.secretariat.id
    assert f'"edition": {job.edition}' in (logged[0].after or "")
    # the worker takes it, and the line is added
    render_works(monkeypatch)
    # the members' notice it hands on is edition_mail's test: no second task queued here
    monkeypatch.setattr(edition_mail, "announce_edition", lambda _job_id: None)
    queue.huey.execute(queue.huey.dequeue())
    db_session.refresh(job)
    assert stamp_states.is_stamped(job)
    assert WORDS[lang]["done"] in edition_row(client, world, job)
    # a second retry of a stamp not failed is refused, nothing queued or logged
    client.post(f"/reports/jobs/{job.id}/restamp")
    assert queue.huey.pending_count() == 0
    assert len(restamps(db_session)) == 1


@pytest.mark.usefixtures("queued_mode")
@pytest.mark.parametrize("role", ["company", "lead", "reviewer"])
def test_only_the_secretariat_retries(
    client: FlaskClient, db_session: Session, auth: AuthActions, role: str
) -> None:
    world = closed_world(db_session)
    job = failed_edition(world, db_session)
    member = world.user_a
    if role != "company":
        member = make_user(world.org_b)
        make_group_role(member, make_working_group(), GroupRole(role))
        db_session.commit()
    auth.login(member.email)
    assert client.post(f"/reports/jobs/{job.id}/restamp").status_code in (403, 404)
    assert queue.huey.pending_count() == 0
    db_session.refresh(job)
    stamp = stamp_of(job)
    assert stamp is not None
    assert stamp.state is StampState.FAILED
    assert restamps(db_session) == []
