"""The periodic clean-up records an interrupted edition stamp as failed (and audits it).

The year page read a stamp whose worker died as failed, interrupted, but nothing was ever
stored: the audit log and the kept state said "queued" for ever. The five-minute clean-up
(tasks.fail_lost_report_jobs) now keeps it failed, with the kind whose words the page shows,
and logs it once on the year.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.reports import jobs, tasks
from rcapp.reports.job_words import INTERRUPTED
from rcapp.reports.stamp_states import STATE_KEY, StampState, stamp_of
from tests.conftest import AuthActions
from tests.dead_workers import dead_worker
from tests.web.reports.edition_stamps import as_secretariat, edition_row
from tests.web.reports.test_edition_stamp_interrupted import (
    WORDS,
    dead_and_live_stamps,
    stamp_taken,
)
from tests.web.reports.test_editions import closed_world

AUDIT_WORDS = {
    "zh": ("正式版加盖版次中断，记为失败", "加盖版次为何未完成", "加盖中断：处理进程已停止"),
    "en": (
        "Edition stamp interrupted, recorded as failed",
        "Why the edition stamp did not finish",
        "Stamping interrupted: the process doing it stopped",
    ),
}


def _logged(db_session: Session) -> list[AuditEntry]:
    found = select(AuditEntry).where(AuditEntry.action == "report_job.stamp_interrupted")
    return list(db_session.scalars(found))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_clean_up_records_an_interrupted_stamp_once(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, dead, alive = dead_and_live_stamps(db_session)
    tasks.fail_lost_report_jobs()  # immediate mode: runs now, as the worker's scheduler would
    db_session.expire_all()
    kept = jobs.params_of(dead)[STATE_KEY]
    assert (kept["state"], kept["error"]) == (StampState.FAILED.value, INTERRUPTED)
    assert jobs.params_of(alive)[STATE_KEY]["state"] == StampState.PENDING.value
    logged = _logged(db_session)
    assert len(logged) == 1
    assert (logged[0].entity, logged[0].entity_id) == ("cycle", world.cycle.id)
    assert '"stamp_error": "interrupted"' in (logged[0].after or "")
    assert f'"edition": {dead.edition}' in (logged[0].after or "")

    tasks.fail_lost_report_jobs()  # again: already recorded, nothing more
    assert len(_logged(db_session)) == 1

    as_secretariat(client, auth, world, lang)
    row = edition_row(client, world, dead)  # the page's words, as before
    assert WORDS[lang]["failed"] in row
    assert WORDS[lang]["why"] in row
    assert f'action="/reports/jobs/{dead.id}/restamp"' in row
    audit = html.unescape(client.get("/audit/?entity=cycle").get_data(as_text=True))
    for words in AUDIT_WORDS[lang]:
        assert words in audit


def test_a_recorded_interrupted_stamp_is_still_retried(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = closed_world(db_session)
    dead = stamp_taken(world, db_session, dead_worker())
    tasks.fail_lost_report_jobs()
    db_session.expire_all()
    stamp = stamp_of(dead)
    assert stamp is not None
    assert (stamp.state, stamp.error) == (StampState.FAILED, INTERRUPTED)
    as_secretariat(client, auth, world, "zh")
    assert client.post(f"/reports/jobs/{dead.id}/restamp").status_code == 302
    db_session.refresh(dead)
    again = stamp_of(dead)
    assert again is not None
    assert again.state is StampState.DONE  # immediate mode: stamped again at once
