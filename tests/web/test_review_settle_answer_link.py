"""qa10 S6: the settle form on the discrepancy map gave the lead no way to the item's evidence
and the organisation's answer. Each flagged row now links to the item on the organisation's
section page, which the lead may read once the answers are submitted (no wider access).
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world
from tests.web.test_review_settler_role import _flagged


@pytest.mark.parametrize(
    ("lang", "words"), [("zh", "查看单位答案与证据"), ("en", "answer and evidence")]
)
def test_a_flagged_row_links_to_the_items_answer_and_evidence(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: str
) -> None:
    world = make_review_world(5)
    review = _flagged(world)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = html.unescape(client.get(f"/reviews/{review.id}/consolidate").get_data(as_text=True))
    row = page.split('id="row-MS.G1.1"')[1].split("</tr>")[0]
    link = f"/assessments/{review.assessment_id}/sections/MS#item-MS.G1.1"
    assert f'href="{link}"' in row
    assert words in row
    answers = client.get(link.split("#")[0])
    assert answers.status_code == 200  # the lead may open it
    assert 'id="item-MS.G1.1"' in answers.get_data(as_text=True)


def test_no_link_where_the_lead_may_not_read_the_answers(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = _flagged(world)
    # Left by its working group since: the lead runs the review but reads no answers there.
    review.assessment.organisation.working_groups.clear()
    db_session.commit()
    assert review.assessment.status is AssessmentStatus.SUBMITTED
    auth.login(world.lead.email)
    response = client.get(f"/reviews/{review.id}/consolidate")
    assert response.status_code == 200  # the group that set the review up still runs it
    assert f"/assessments/{review.assessment_id}/sections/" not in response.get_data(as_text=True)
    assert client.get(f"/assessments/{review.assessment_id}/sections/MS").status_code in (403, 404)
