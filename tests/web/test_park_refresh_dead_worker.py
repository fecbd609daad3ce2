"""A park refresh records its worker: one whose worker died is failed at once (qa smallrest #3).

Report jobs, edition stamps and organisation imports record the worker that took them
(worker_identity) and are given up as soon as it is known dead on this host. The park
refresh recorded none, so a refresh whose worker died said "running" for MARKER_STALE (an
hour), and the secretariat's jobs list named it only then.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from rcapp.assessments import park_refresh
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.park_refresh import RefreshState
from rcapp.queue import huey
from rcapp.worker_identity import WORKER_KEY, this_worker
from tests.dead_workers import dead_worker, worker_elsewhere
from tests.parks import park_year, real_rubrics  # noqa: F401 - the fixture
from tests.web.test_park_refresh_state import _forget


@pytest.fixture
def park(db_session: Session, real_rubrics: None) -> Iterator[Assessment]:  # noqa: F811
    own = park_year(status=AssessmentStatus.SUBMITTED)
    db_session.commit()
    _forget(own)
    yield own
    _forget(own)


def test_a_running_refresh_records_its_worker(
    park: Assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = park_refresh.state_key(park.organisation_id, park.cycle.year)
    seen: list[dict[str, object]] = []

    def watched(*_args: object) -> None:
        seen.append(huey.get(key, peek=True))

    monkeypatch.setattr(park_refresh, "recompute_self", watched)
    park_refresh.refresh_park_results(park.organisation_id, park.cycle.year)
    [running] = seen
    assert running["state"] == RefreshState.RUNNING
    assert running[WORKER_KEY] == this_worker()


def _running(park: Assessment, worker: dict[str, object]) -> float:
    """Report the park's refresh running for a minute, taken by `worker`."""
    started = time.time() - 60
    key = park_refresh.state_key(park.organisation_id, park.cycle.year)
    huey.put(key, {"state": "running", "at": started, "last_done": None, WORKER_KEY: worker})
    return started


def test_a_refresh_whose_worker_died_failed_at_once(park: Assessment) -> None:
    started = _running(park, dead_worker())
    status = park_refresh.refresh_status(park)
    assert status is not None
    assert status.state is RefreshState.FAILED
    [failed] = park_refresh.failed_refreshes()
    assert (failed.park_id, failed.year, failed.queued_at) == (
        park.organisation_id,
        park.cycle.year,
        started,
    )
    assert park_refresh.refreshes_needing_attention() == 1


def test_a_refresh_of_a_worker_alive_or_elsewhere_keeps_the_time_rule(
    park: Assessment,
) -> None:
    for worker in (this_worker(), worker_elsewhere()):
        started = _running(park, worker)
        status = park_refresh.refresh_status(park)
        assert status is not None
        assert status.state is RefreshState.RUNNING
        assert park_refresh.failed_refreshes() == []
        later = started + park_refresh.MARKER_STALE + 1
        assert [r.queued_at for r in park_refresh.failed_refreshes(now=later)] == [started]
