"""A failed park refresh gets a Retry on the jobs list (the secretariat only), queued on the
task queue, and the list says when it was retried if it fails again.

The year-end test: a failed refresh stayed on the list until the next resident's change.
"""

from __future__ import annotations

import html
import time

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import park_refresh
from rcapp.assessments.models import Assessment, AssessmentStatus
from tests.conftest import AuthActions
from tests.factories import make_secretariat, make_user
from tests.parks import park_year, real_rubrics  # noqa: F401 - the fixture

RETRIED = {"zh_CN": "；秘书处已于 ", "en": "; retried by the secretariat at "}
RETRY = {"zh_CN": ">重试</button>", "en": ">Retry</button>"}


@pytest.fixture
def park(db_session: Session, real_rubrics: None) -> Assessment:  # noqa: F811
    own = park_year(status=AssessmentStatus.SUBMITTED)
    make_secretariat(email="sec@example.cn")
    make_user(own.organisation, email="park@example.cn")
    db_session.commit()
    return own


def _failed(client: FlaskClient) -> list[str]:
    page = html.unescape(client.get("/reports/jobs").get_data(as_text=True))
    return [
        part.split("</li>", 1)[0] for part in page.split('<li class="park-refresh-failed">')[1:]
    ]


def _broken(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(park_refresh, "recompute_self", broken)


QUEUED = {
    "zh_CN": "已重新排队：{park} {year} 年入园企业星级变化后的重新计算。",
    "en": "Queued again: the recalculation of {park} after residents' {year} star ratings changed.",
}


def _retry_url(park: Assessment) -> str:
    return f"/reports/jobs/park-refreshes/{park.organisation_id}/{park.cycle.year}/retry"


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_failed_refresh_is_retried_and_says_so_when_it_fails_again(
    client: FlaskClient,
    auth: AuthActions,
    park: Assessment,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    _broken(monkeypatch)
    park_refresh.refresh_park_results(park.organisation_id, park.cycle.year)
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}?next=/")
    [line] = _failed(client)
    assert RETRY[lang] in line
    assert f'action="{_retry_url(park)}"' in line
    assert RETRIED[lang] not in line
    # (the test queue runs a task at once; a worker would take it from the queue)
    assert client.post(_retry_url(park)).status_code == 302
    [line] = _failed(client)
    assert RETRIED[lang] in line  # failed again, and the list says it was retried
    assert "（北京时间） " not in line  # qa62 4: no space after the full-width bracket
    monkeypatch.undo()
    told = client.post(_retry_url(park), follow_redirects=True).get_data(as_text=True)
    name = park.organisation.display_name("en" if lang == "en" else "zh")
    # the message names the refresh queued again (qa62 #12)
    assert QUEUED[lang].format(park=name, year=park.cycle.year) in html.unescape(told)
    assert _failed(client) == []  # the retry ran and finished
    status = park_refresh.refresh_status(park)
    assert status is not None
    assert status.state is park_refresh.RefreshState.DONE


def test_only_the_secretariat_retries_and_only_a_failed_refresh(
    client: FlaskClient, auth: AuthActions, park: Assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    _broken(monkeypatch)
    park_refresh.refresh_park_results(park.organisation_id, park.cycle.year)
    auth.login("park@example.cn")
    assert client.post(_retry_url(park)).status_code == 403
    assert client.get(_retry_url(park)).status_code == 405
    assert len(park_refresh.failed_refreshes()) == 1
    assert not park_refresh.retry_refresh(park.organisation_id, park.cycle.year + 1)


def test_a_retry_is_queued_never_run_in_the_request(
    park: Assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    _broken(monkeypatch)
    park_refresh.refresh_park_results(park.organisation_id, park.cycle.year)
    queued: list[tuple[int, int]] = []
    monkeypatch.setattr(park_refresh, "refresh_park_results", lambda *a: queued.append(a))
    before = time.time()
    assert park_refresh.retry_refresh(park.organisation_id, park.cycle.year)
    assert queued == [(park.organisation_id, park.cycle.year)]  # handed to the queue
    assert park_refresh.failed_refreshes() == []  # queued again: waits for its run
    [waiting] = park_refresh.stalled_refreshes(now=time.time() + 3600)
    assert waiting.retried_at is not None
    assert waiting.retried_at >= before
