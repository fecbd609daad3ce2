"""Members get an annual report edition once its file bears its number, not before.

QA: the English stamp failed and stayed "queued"; members meanwhile downloaded the unstamped
file as "edition 1". An edition whose stamp is queued or failed is not on the members' page
and its download is refused; the year page tells the secretariat so. Once stamped, it is.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reports.models import ReportJob
from rcapp.reports.stamp_states import StampState
from tests.conftest import AuthActions
from tests.web.reports.edition_stamps import (
    as_secretariat,
    edition_row,
    failed_edition,
    published,
    run_stamp,
)
from tests.web.reports.test_editions import closed_world

MEMBERS_WAIT = {
    "zh": "会员在本版加盖版次后才能看到并下载它。",
    "en": "Members see and download this edition once it is stamped.",
}


def _member_sees(client: FlaskClient, job: ReportJob) -> tuple[bool, int]:
    """(listed on the members' annual reports page, status of its download)."""
    page = client.get("/reports/annual-reports").get_data(as_text=True)
    download = client.get(f"/reports/annual-reports/{job.id}/download")
    download.close()
    return f"/reports/annual-reports/{job.id}/download" in page, download.status_code


@pytest.mark.parametrize("state", [StampState.PENDING, StampState.FAILED])
def test_an_edition_not_yet_stamped_waits_for_its_stamp(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    state: StampState,
) -> None:
    world = closed_world(db_session)
    job = (failed_edition if state is StampState.FAILED else published)(world, db_session)
    auth.login(world.user_a.email)
    assert _member_sees(client, job) == (False, 404)

    run_stamp(monkeypatch, job)
    assert _member_sees(client, job) == (True, 200)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_year_page_says_members_wait_for_the_stamp(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    world = closed_world(db_session)
    waiting, stamped = published(world, db_session), published(world, db_session)
    run_stamp(monkeypatch, stamped)
    as_secretariat(client, auth, world, lang)
    assert MEMBERS_WAIT[lang] in edition_row(client, world, waiting)
    assert MEMBERS_WAIT[lang] not in edition_row(client, world, stamped)
