"""A park's result refresh that no worker takes is said on its result page and the jobs list.

A resident's new rating queues the park's recomputation (rcapp.assessments.park_refresh), a
plain queue task without a job row: with the worker stopped nobody noticed that the park's
stored result stayed stale. Its waiting marker is the record the pages read.
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
from rcapp.cycles.models import CycleStatus
from rcapp.queue import huey
from tests.conftest import AuthActions
from tests.factories import make_secretariat, make_user
from tests.parks import park_year, real_rubrics  # noqa: F401 - the fixture

WAITS = {
    "zh_CN": "园区结果待更新（后台任务尚未完成）",
    "en": "The park's result is waiting for an update (a background job has not finished)",
}


@pytest.fixture
def park(db_session: Session, real_rubrics: None) -> Iterator[Assessment]:  # noqa: F811
    own = park_year(status=AssessmentStatus.SUBMITTED)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    yield own
    for year in range(own.cycle.year - 10, own.cycle.year + 1):
        huey.delete(park_refresh.marker(own.organisation_id, year))


def _queued(own: Assessment, year: int, seconds_ago: float) -> None:
    huey.put(park_refresh.marker(own.organisation_id, year), time.time() - seconds_ago)


def _page(client: FlaskClient, path: str) -> str:
    return html.unescape(client.get(path).get_data(as_text=True))


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_refresh_queued_past_the_stalled_rule_is_said_on_the_result_page_and_jobs_list(
    client: FlaskClient, auth: AuthActions, park: Assessment, lang: str
) -> None:
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}?next=/")
    result = f"/assessments/{park.id}/result"
    assert WAITS[lang] not in _page(client, result)

    _queued(park, park.cycle.year, 30)  # just queued: a running worker takes it in seconds
    assert WAITS[lang] not in _page(client, result)
    assert WAITS[lang] not in _page(client, "/reports/jobs")

    _queued(park, park.cycle.year, 300)
    page = _page(client, result)
    assert 'id="park-refresh-waits"' in page
    assert WAITS[lang] in page
    jobs_page = _page(client, "/reports/jobs")
    assert 'id="jobs-stalled"' in jobs_page  # the worker may not be running
    listed = jobs_page[jobs_page.index('id="park-refreshes"') :]
    assert park.organisation.display_name("en" if lang == "en" else "zh") in listed
    assert str(park.cycle.year) in listed

    park_refresh.refresh_park_results(park.organisation_id, park.cycle.year)  # a worker ran it
    assert WAITS[lang] not in _page(client, result)
    assert WAITS[lang] not in _page(client, "/reports/jobs")


def test_only_a_refresh_that_would_rewrite_this_open_years_result_counts(
    client: FlaskClient, db_session: Session, auth: AuthActions, park: Assessment
) -> None:
    auth.login("sec@example.cn")
    result = f"/assessments/{park.id}/result"
    _queued(park, park.cycle.year - 10, 300)  # ratings no longer valid in this year
    assert WAITS["zh_CN"] not in _page(client, result)
    _queued(park, park.cycle.year, 300)
    assert WAITS["zh_CN"] in _page(client, result)
    park.cycle.status = CycleStatus.CLOSED  # a closed year's result stays frozen
    db_session.commit()
    assert WAITS["zh_CN"] not in _page(client, result)


def test_only_the_secretariat_sees_the_waiting_refreshes_on_the_jobs_list(
    client: FlaskClient, db_session: Session, auth: AuthActions, park: Assessment
) -> None:
    make_user(park.organisation, email="park@example.cn")
    db_session.commit()
    _queued(park, park.cycle.year, 300)
    assert [(r.park_id, r.year) for r in park_refresh.stalled_refreshes()] == [
        (park.organisation_id, park.cycle.year)
    ]
    auth.login("park@example.cn")
    assert 'id="park-refreshes"' not in _page(client, "/reports/jobs")
