"""A lead posting to a member company's section is refused 403, not told the company's lock.

qa72 m5: a lead POSTing a submitted section got 409 with the member's wording ("locked until
the secretariat returns it ... restore here"), as if the lead could edit after a return.
Whoever may not edit the assessment at all is refused before any state message.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import Answer
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world

LOCK_WORDS = {"zh": "秘书处退回", "en": "secretariat"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_lead_posting_a_submitted_section_is_refused_403_without_lock_words(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(n=1)
    db_session.commit()
    assessment = world.assessments[0]
    answers_before = db_session.query(Answer).filter_by(assessment_id=assessment.id).count()
    auth.login(world.lead.email)
    auth.choose_language(lang)
    response = client.post(f"/assessments/{assessment.id}/sections/C1", data={"MS.G1.1-level": "0"})
    assert response.status_code == 403
    assert LOCK_WORDS[lang] not in response.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.query(Answer).filter_by(assessment_id=assessment.id).count() == answers_before


def test_the_member_still_gets_the_lock_explained(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(n=1)
    db_session.commit()
    auth.login(world.members[0].email)
    response = client.post(
        f"/assessments/{world.assessments[0].id}/sections/C1", data={"MS.G1.1-level": "0"}
    )
    assert response.status_code == 409
