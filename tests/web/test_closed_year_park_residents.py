"""QA36 D2: a closed year's park page lists the year's participants, not today's residents.

Registering companies in the park after 2024 was closed added them to 2024's page as 未开始
(103 residents instead of 3) and changed the share's denominator, while the year's own
organisation list (/cycles/<id>/organisations) stayed as closed. An open year stays live.
"""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.cycles import services as cycle_services
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import (
    make_organisation,
    make_park,
    make_user,
    make_world,
    submitted_assessment,
)
from tests.web.helpers import page_text


def test_companies_registered_after_the_close_do_not_join_the_closed_years_park_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(2024)
    park = make_park()
    world.org_a.park_id = park.id
    world.org_b.park_id = park.id
    world.org_b.commitment_status = CommitmentStatus.SIGNED  # a participant, not started
    submitted_assessment(world)
    cycle_services.close_cycle(world.cycle, world.secretariat)
    # Registered later: signed in 2026, and one that has not signed at all.
    for signed in (True, False):
        make_organisation(
            park_id=park.id,
            name_zh=f"后来登记的企业{int(signed)}",
            commitment_status=CommitmentStatus.SIGNED if signed else CommitmentStatus.NOT_SIGNED,
            commitment_signed_on=dt.date(2026, 3, 1) if signed else None,
        )
    office = make_user(park)
    db_session.commit()
    auth.login(office.email)

    page = page_text(client, f"/benchmarks/parks/{park.id}?cycle={world.cycle.id}")
    assert "区内企业 2 家，已提交自评 1 家" in page
    assert world.org_b.name_zh in page
    assert "后来登记的企业" not in page

    cycle_services.reopen_cycle(world.cycle, "重新开放以核对", world.secretariat)
    db_session.commit()
    page = page_text(client, f"/benchmarks/parks/{park.id}?cycle={world.cycle.id}")
    assert "区内企业 4 家" in page  # an open year reads the park as it is now
