"""The lead's to-do and review planning show the group's open and overdue corrective actions.

qa72 M2: an action "已逾期 67 天" was seen only on the review's result page or in the
workbook; the to-do listed only actions to confirm, and review planning had no count.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.reviews import settling
from rcapp.reviews.models import FindingKind
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world
from tests.web.test_review_lead_todo import _panel, _submitted, _text

WORDS = {
    "zh": ("整改项已逾期 10 天：", "本组尚未完成的整改项共 1 项，其中 1 项已逾期。"),
    "en": (
        "Corrective action 10 days overdue: ",
        "1 corrective action of the group not done yet, 1 of them overdue.",
    ),
}
PLANNING = {
    "zh": ("1 项未完成", "其中 1 项已逾期", "本组整改项：1 项未完成，其中 1 项已逾期。"),
    "en": (
        "1 open",
        "1 of them overdue",
        "The group's corrective actions: 1 open, 1 of them overdue.",
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_overdue_action_is_on_the_leads_todo_and_review_planning(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review = _submitted(world, 0, action=True)
    settling.finalise_review(review, 30, world.lead)
    action = next(f for f in review.findings if f.kind is FindingKind.CORRECTIVE_ACTION)
    action.due_on = beijing_today() - dt.timedelta(days=10)
    db_session.commit()
    auth.login(world.lead.email)
    auth.choose_language(lang)

    panel = _text(_panel(client))
    overdue, total = WORDS[lang]
    assert overdue + world.companies[0].display_name(lang) + " C1.E1.1" in panel
    assert total in panel
    assert f"/reviews/{review.id}/final#action-{action.id}" in _panel(client)

    page = client.get(f"/reviews/groups/{world.group.id}").get_data(as_text=True)
    words = _text(page)
    for said in PLANNING[lang]:
        assert said in words
    assert f"/reviews/{review.id}/final#actions" in page
