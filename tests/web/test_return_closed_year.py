"""A closed year's submitted assessments cannot be returned: their results are frozen.

Before, the secretariat could return one; it then sat "returned" in a closed year, where
the organisation can no longer edit or submit, with its stored score cleared.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import AssessmentStatus
from rcapp.cycles.models import CycleStatus
from rcapp.errors import InvalidState
from tests.conftest import AuthActions
from tests.factories import make_world, submitted_assessment


def test_no_return_in_a_closed_year(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    world.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    auth.login(world.secretariat.email)

    overview = client.get(f"/assessments/{assessment.id}").get_data(as_text=True)
    assert f"/assessments/{assessment.id}/return" not in overview
    plain = client.post(f"/assessments/{assessment.id}/return", data={"comment": "请补充"})
    with_notes = client.post(
        f"/cycles/assessments/{assessment.id}/return", data={"comment": "请补充"}
    )

    assert plain.status_code == 403
    # The return page says the year is closed (QA31 S2), on the year's list, returning nothing.
    assert with_notes.status_code == 302
    assert with_notes.headers["Location"].endswith(f"/cycles/{world.cycle.id}/organisations")
    db_session.refresh(assessment)
    assert assessment.status is AssessmentStatus.SUBMITTED
    assert assessment.stars is not None


def test_the_service_refuses_too(db_session: Session) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    world.cycle.status = CycleStatus.CLOSED
    db_session.flush()
    with pytest.raises(InvalidState):
        services.return_assessment(assessment, "请补充", world.secretariat)
    assert assessment.status is AssessmentStatus.SUBMITTED


def test_an_open_year_still_returns(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    response = client.post(f"/assessments/{assessment.id}/return", data={"comment": "请补充"})
    assert response.status_code == 302
    db_session.refresh(assessment)
    assert assessment.status is AssessmentStatus.RETURNED
