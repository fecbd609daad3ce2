"""QA68 #5: nothing is produced while the year's results are still being frozen.

The year page offered "Produce … Start" beside "Closing: the figures may still change".
The button is disabled with the reason, and a form posted anyway starts no job.
"""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp.cycles import services
from rcapp.reports.models import ReportJob
from tests.conftest import AuthActions
from tests.factories import make_world


def _button(page: str) -> str:
    (found,) = re.findall(r"<button[^>]*>(?:Start|开始生成)</button>", page)
    return str(found)


def test_the_start_button_waits_for_the_close_to_finish(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    services.start_closing(world.cycle, world.secretariat)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get("/lang/en")
    url = f"/cycles/{world.cycle.id}"
    page = client.get(url).get_data(as_text=True)
    assert "disabled" in _button(page)
    assert 'aria-describedby="produce-closing"' in _button(page)
    posted = client.post(
        f"/reports/cycles/{world.cycle.id}/jobs",
        data={"kind": "annual_report"},
        follow_redirects=True,
    )
    assert "once the freezing finishes" in html.unescape(posted.get_data(as_text=True))
    assert db_session.scalar(select(func.count()).select_from(ReportJob)) == 0
    services.finish_closing(world.cycle, world.secretariat)
    db_session.commit()
    assert "disabled" not in _button(client.get(url).get_data(as_text=True))
