"""Members get an annual report edition once its file bears its number, not before.

QA: the English stamp failed and stayed "queued"; members meanwhile downloaded the unstamped
file as "edition 1". An edition whose stamp is queued or failed is not on the members' page
and its download is refused; the year page tells the secretariat so. Once stamped, it is.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reports import edition_stamp
from rcapp.reports.models import ReportJob
from rcapp.reports.stamp_states import StampState, note_stamp
from tests.conftest import AuthActions
from tests.web.reports.test_edition_stamp_state import (
    _as_secretariat,
    _edition_row,
    _published,
    _render_works,
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
    job = _published(world, db_session)
    if state is StampState.FAILED:
        note_stamp(job, state, error="internal", number=f"{job.id}/x")
        db_session.commit()
    auth.login(world.user_a.email)
    assert _member_sees(client, job) == (False, 404)

    _render_works(monkeypatch)
    edition_stamp.stamp_edition(job.id)
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
    waiting, stamped = _published(world, db_session), _published(world, db_session)
    _render_works(monkeypatch)
    edition_stamp.stamp_edition(stamped.id)
    _as_secretariat(client, auth, world, lang)
    assert MEMBERS_WAIT[lang] in html.unescape(_edition_row(client, world, waiting))
    assert MEMBERS_WAIT[lang] not in html.unescape(_edition_row(client, world, stamped))
