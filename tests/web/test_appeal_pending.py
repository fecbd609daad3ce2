"""While an appeal waits for the secretariat, the final page shows it instead of the form.

settling.file_appeal allows one open appeal at a time (a dismissed one may be followed by
another within the period); a second appeal posted anyway is still refused on the server.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reviews import settling
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise

FORM = 'name="reason"'


@pytest.mark.parametrize(
    ("lang", "pending", "status"),
    [
        ("zh", "秘书处作出决定前不能再次申诉。", "待秘书处决定"),
        (
            "en",
            "You cannot appeal again until the secretariat has decided.",
            "Awaiting the secretariat",
        ),
    ],
)
def test_a_pending_appeal_is_shown_instead_of_the_form(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    pending: str,
    status: str,
) -> None:
    world = make_review_world(5)
    review = submit_and_finalise(assign_all(world)[0], world.lead)
    db_session.commit()
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    url = f"/reviews/{review.id}/final"
    assert FORM in client.get(url).get_data(as_text=True)

    assert (
        client.post(f"/reviews/{review.id}/appeal", data={"reason": "等级有误"}).status_code == 302
    )
    page = html.unescape(client.get(url).get_data(as_text=True))

    assert FORM not in page
    assert pending in page
    assert status in page
    assert "等级有误" in page
    # Posted anyway (an old tab): refused on the server, the typed reason quoted.
    again = client.post(f"/reviews/{review.id}/appeal", data={"reason": "再次申诉"})
    text = html.unescape(again.get_data(as_text=True))
    assert "再次申诉" in text
    db_session.refresh(review)
    assert [a.reason for a in review.appeals] == ["等级有误"]


def test_after_a_dismissed_appeal_the_form_is_offered_again_within_the_period(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = submit_and_finalise(assign_all(world)[0], world.lead)
    assert review.appeal_until is not None
    appeal = settling.file_appeal(review, "等级有误", review.appeal_until, world.members[0])
    settling.decide_appeal(appeal, False, "证据不足", world.secretariat)
    db_session.commit()
    auth.login(world.members[0].email)

    page = html.unescape(client.get(f"/reviews/{review.id}/final").get_data(as_text=True))

    assert "申诉驳回 · 申诉理由：等级有误" in page
    assert "决定理由：证据不足" in page
    assert "秘书处作出决定前不能再次申诉" not in page
    assert FORM in page
