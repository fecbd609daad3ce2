"""The park's result page says where its refresh stands: queued, running, failed, last done.

The marker said only "queued, not started" (park_refresh.result_waits, past the stalled
rule). The task now reports its own state (park_refresh.refresh_status): running while it
runs, done with the time, failed when it raised; the page says each, and when the park's
results were last refreshed.
"""

from __future__ import annotations

import html
import time
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import park_refresh
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.park_refresh import RefreshState
from rcapp.queue import huey
from tests.conftest import AuthActions
from tests.factories import make_secretariat
from tests.parks import park_year, real_rubrics  # noqa: F401 - the fixture

WORDS = {
    "zh_CN": {
        "queued": "园区结果的重新计算已于",
        "running": "园区结果正在更新",
        "failed": "园区结果更新失败",
        "done": "园区结果最近一次更新于",
    },
    "en": {
        "queued": "The recomputation of the park's result was queued at",
        "running": "The park's result is being updated",
        "failed": "The park's result could not be updated",
        "done": "The park's result was last updated at",
    },
}


@pytest.fixture
def park(db_session: Session, real_rubrics: None) -> Iterator[Assessment]:  # noqa: F811
    own = park_year(status=AssessmentStatus.SUBMITTED)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    _forget(own)
    yield own
    _forget(own)


def _forget(own: Assessment) -> None:
    for year in range(own.cycle.year - 10, own.cycle.year + 1):
        huey.delete(park_refresh.marker(own.organisation_id, year))
        huey.delete(park_refresh.state_key(own.organisation_id, year))


def _state(client: FlaskClient, own: Assessment) -> str:
    page = html.unescape(client.get(f"/assessments/{own.id}/result").get_data(as_text=True))
    if 'id="park-refresh-state"' not in page:
        return ""
    return " ".join(page.split('id="park-refresh-state"', 1)[1].split("</div>", 1)[0].split())


def test_the_task_reports_running_then_done_with_the_time(
    park: Assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert park_refresh.refresh_status(park) is None  # never refreshed
    seen: list[RefreshState] = []

    def during(*_args: object) -> None:
        status = park_refresh.refresh_status(park)
        assert status is not None
        seen.append(status.state)

    before = time.time()
    monkeypatch.setattr(park_refresh, "recompute_self", during)  # looks while it runs
    park_refresh.refresh_park_results(park.organisation_id, park.cycle.year)
    assert seen == [RefreshState.RUNNING]
    status = park_refresh.refresh_status(park)
    assert status is not None
    assert status.state is RefreshState.DONE
    assert status.last_done is not None
    assert before <= status.last_done.timestamp() <= time.time()


def test_a_failed_refresh_is_failed_until_one_finishes(
    park: Assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    park_refresh.refresh_park_results(park.organisation_id, park.cycle.year)
    done = park_refresh.refresh_status(park)
    assert done is not None

    def broken(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(park_refresh, "recompute_self", broken)
    park_refresh.refresh_park_results(park.organisation_id, park.cycle.year)  # Huey logs it
    failed = park_refresh.refresh_status(park)
    assert failed is not None
    assert failed.state is RefreshState.FAILED
    assert failed.last_done == done.last_done  # the last finished one is still told
    monkeypatch.undo()
    park_refresh.refresh_park_results(park.organisation_id, park.cycle.year)
    again = park_refresh.refresh_status(park)
    assert again is not None
    assert again.state is RefreshState.DONE


def test_a_refresh_running_past_the_stale_rule_was_lost(park: Assessment) -> None:
    key = park_refresh.state_key(park.organisation_id, park.cycle.year)
    started = time.time() - park_refresh.MARKER_STALE - 1
    huey.put(key, {"state": "running", "at": started, "last_done": None})
    status = park_refresh.refresh_status(park)
    assert status is not None
    assert status.state is RefreshState.FAILED
    running = park_refresh.refresh_status(park, now=started + 60)  # within the rule: running
    assert running is not None
    assert running.state is RefreshState.RUNNING


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_result_page_says_each_state(
    client: FlaskClient, auth: AuthActions, park: Assessment, lang: str
) -> None:
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}?next=/")
    words = WORDS[lang]
    assert _state(client, park) == ""
    huey.put(park_refresh.marker(park.organisation_id, park.cycle.year), time.time() - 5)
    assert words["queued"] in _state(client, park)
    assert "（北京时间） " not in _state(client, park)
    key = park_refresh.state_key(park.organisation_id, park.cycle.year)
    huey.delete(park_refresh.marker(park.organisation_id, park.cycle.year))
    huey.put(key, {"state": "running", "at": time.time(), "last_done": None})
    assert words["running"] in _state(client, park)
    assert "（北京时间） " not in _state(client, park)
    huey.put(key, {"state": "failed", "at": time.time(), "last_done": time.time() - 3600})
    shown = _state(client, park)
    assert words["failed"] in shown
    assert words["done"] in shown
    assert "（北京时间） " not in shown  # qa62 4: no space after the full-width bracket
    park_refresh.refresh_park_results(park.organisation_id, park.cycle.year)
    shown = _state(client, park)
    assert words["done"] in shown
    assert words["failed"] not in shown
