"""The late/extension page is for the year's organisations only (its links are the roster's).

A forged URL naming an organisation that takes no part in the year (no signed commitment,
no assessment of it) showed the page and could grant it an extension: it is now a 404, and
nothing is stored. One that started the year without signing stays on the roster, and so
on the page.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.cycles.models import LateAllowance
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import make_world, start


def _allowances(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(LateAllowance)) or 0


@pytest.mark.parametrize("status", [CommitmentStatus.NOT_SIGNED, CommitmentStatus.WITHDRAWN])
def test_a_forged_url_for_a_non_participant_is_not_found(
    client: FlaskClient, db_session: Session, auth: AuthActions, status: CommitmentStatus
) -> None:
    world = make_world()
    world.org_b.commitment_status = status
    db_session.commit()
    auth.login(world.secretariat.email)
    url = f"/cycles/{world.cycle.id}/late/{world.org_b.id}"
    assert client.get(url).status_code == 404
    until = (beijing_today() + dt.timedelta(days=200)).isoformat()
    assert client.post(url, data={"until": until}).status_code == 404
    assert client.post(f"{url}/withdraw").status_code == 404
    assert _allowances(db_session) == 0


def test_the_years_organisations_still_get_the_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    world.org_a.commitment_status = CommitmentStatus.SIGNED  # a signatory of the year
    start(world, world.org_b)  # not signed, but started the year: on its roster
    db_session.commit()
    auth.login(world.secretariat.email)
    for organisation in (world.org_a, world.org_b):
        page = client.get(f"/cycles/{world.cycle.id}/late/{organisation.id}")
        assert page.status_code == 200
        assert organisation.name_zh in page.get_data(as_text=True)
