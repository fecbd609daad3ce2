"""While an appeal waits for the secretariat, the final page shows it instead of the form.

settling.file_appeal allows one appeal per final rating (qa14 S14): while it waits, and
once it is dismissed, the page shows it instead of the form, and a second appeal posted
anyway is refused on the server. An upheld appeal reopens the review; the new final rating
may be appealed in its turn.
"""

from __future__ import annotations

import html

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_day
from rcapp.reports.documents import scorecard_html
from rcapp.reviews import settling
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise

FORM = 'name="reason"'


@pytest.mark.parametrize(
    ("lang", "pending", "status"),
    [
        ("zh", "提出申诉，秘书处尚未作出决定。", "待秘书处决定"),
        ("en", "the secretariat has not decided yet.", "Awaiting the secretariat"),
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


@pytest.mark.parametrize(
    ("lang", "used", "dates"),
    [
        ("zh", "每个最终评级只能申诉一次。", ("提出于", "决定于")),
        ("en", "each final rating can be appealed only once.", ("Filed", "decided")),
    ],
)
def test_after_a_dismissed_appeal_the_rating_cannot_be_appealed_again(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    used: str,
    dates: tuple[str, str],
) -> None:
    world = make_review_world(5)
    review = submit_and_finalise(assign_all(world)[0], world.lead)
    assert review.appeal_until is not None
    appeal = settling.file_appeal(review, "等级有误", review.appeal_until, world.members[0])
    settling.decide_appeal(appeal, False, "证据不足", world.secretariat)
    db_session.commit()
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")

    page = html.unescape(client.get(f"/reviews/{review.id}/final").get_data(as_text=True))

    decided = page.split(f'id="appeal-{appeal.id}"')[1].split("</p>")[0]
    assert all(word in decided for word in dates)  # filed on …, decided on …
    assert "等级有误" in decided
    assert "证据不足" in decided
    assert used in page.split('id="appeal-used"')[1].split("</p>")[0]
    assert 'id="appeal-rules"' in page  # what an appeal can change, who decides
    assert FORM not in page
    again = client.post(f"/reviews/{review.id}/appeal", data={"reason": "再次申诉"})
    assert used in html.unescape(again.get_data(as_text=True))
    db_session.refresh(review)
    assert [a.reason for a in review.appeals] == ["等级有误"]


def test_a_rating_finalised_again_after_an_upheld_appeal_may_be_appealed(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = submit_and_finalise(assign_all(world)[0], world.lead)
    assert review.appeal_until is not None
    appeal = settling.file_appeal(review, "等级有误", review.appeal_until, world.members[0])
    settling.decide_appeal(appeal, True, "理由成立", world.secretariat)
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    auth.login(world.members[0].email)

    page = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)

    assert FORM in page
    assert 'id="appeal-used"' not in page


PENDING = {"zh": "申诉处理中（{day} 提出）", "en": "Appeal pending (filed {day})"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_final_stars_and_the_scorecard_say_an_appeal_is_pending(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review = submit_and_finalise(assign_all(world)[0], world.lead)
    assert review.appeal_until is not None
    appeal = settling.file_appeal(review, "等级有误", review.appeal_until, world.members[0])
    db_session.commit()
    pending = PENDING[lang].format(day=beijing_day(appeal.filed_at).isoformat())
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")

    page = html.unescape(client.get(f"/reviews/{review.id}/final").get_data(as_text=True))
    stars = page.split('id="rating"')[1].split("</section>")[0]
    assert pending in stars
    assert 'href="#appeal-pending"' in stars
    with app.test_request_context():
        card = html.unescape(scorecard_html(review.assessment, lang))
    assert pending in card.split('id="stars-appeal-pending"')[1].split("</span>")[0]
    assert 'id="appeal-pending"' in card

    settling.decide_appeal(appeal, False, "证据不足", world.secretariat)
    db_session.commit()
    page = html.unescape(client.get(f"/reviews/{review.id}/final").get_data(as_text=True))
    assert 'id="stars-appeal-pending"' not in page
    with app.test_request_context():
        assert 'id="stars-appeal-pending"' not in scorecard_html(review.assessment, lang)
