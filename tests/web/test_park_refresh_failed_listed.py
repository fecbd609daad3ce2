"""The secretariat's jobs list names a park refresh that failed, with when, as it names one
that stalled: the task reports failed in Huey's store (park_refresh._reported), which the
list did not read, so a failed recomputation of a park's result went unnoticed.
"""

from __future__ import annotations

import datetime as dt
import html
import time

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import park_refresh
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.clock import to_beijing
from rcapp.queue import huey
from tests.conftest import AuthActions
from tests.factories import make_secretariat, make_user
from tests.parks import park_year, real_rubrics  # noqa: F401 - the fixture

FAILED = {
    "zh_CN": "年入园企业星级变化后的重新计算于 {time}（北京时间）失败",
    "en": "failed at {time} (Beijing time)",
}


@pytest.fixture
def park(db_session: Session, real_rubrics: None) -> Assessment:  # noqa: F811
    own = park_year(status=AssessmentStatus.SUBMITTED)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    return own


def _failed_lines(client: FlaskClient) -> list[str]:
    page = html.unescape(client.get("/reports/jobs").get_data(as_text=True))
    return [
        " ".join(part.split("</li>", 1)[0].split())
        for part in page.split('<li class="park-refresh-failed">')[1:]
    ]


def _fail(park: Assessment, monkeypatch: pytest.MonkeyPatch) -> float:
    def broken(*_args: object) -> None:
        raise RuntimeError("boom")

    with monkeypatch.context() as patched:
        patched.setattr(park_refresh, "recompute_self", broken)
        before = time.time()
        park_refresh.refresh_park_results(park.organisation_id, park.cycle.year)  # Huey logs it
    return before


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_failed_refresh_is_listed_with_its_time_until_one_finishes(
    client: FlaskClient,
    auth: AuthActions,
    park: Assessment,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}?next=/")
    assert _failed_lines(client) == []
    _fail(park, monkeypatch)
    [failed] = park_refresh.failed_refreshes()
    assert (failed.park_id, failed.year) == (park.organisation_id, park.cycle.year)
    at = to_beijing(dt.datetime.fromtimestamp(failed.queued_at, dt.UTC)).strftime("%Y-%m-%d %H:%M")
    [line] = _failed_lines(client)
    assert park.organisation.display_name("en" if lang == "en" else "zh") in line
    assert FAILED[lang].format(year=park.cycle.year, time=at) in line

    park_refresh.refresh_park_results(park.organisation_id, park.cycle.year)  # a run finishes
    assert _failed_lines(client) == []


def test_a_failed_refresh_queued_again_waits_and_one_lost_running_failed(
    park: Assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail(park, monkeypatch)
    key = park_refresh.marker(park.organisation_id, park.cycle.year)
    huey.put(key, time.time())  # a resident's new rating queued it again
    assert park_refresh.failed_refreshes() == []
    huey.delete(key)
    started = time.time() - park_refresh.MARKER_STALE - 1
    state = park_refresh.state_key(park.organisation_id, park.cycle.year)
    huey.put(state, {"state": "running", "at": started, "last_done": None})
    assert [r.queued_at for r in park_refresh.failed_refreshes()] == [started]
    assert park_refresh.failed_refreshes(now=started + 60) == []  # still running


def test_only_the_secretariat_sees_the_list(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    park: Assessment,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_user(park.organisation, email="park@example.cn")
    db_session.commit()
    _fail(park, monkeypatch)
    auth.login("park@example.cn")
    assert _failed_lines(client) == []
