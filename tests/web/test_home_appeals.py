"""The secretariat's home page says when appeals wait for its decision (found by QA: nothing
did, so an appeal filed by a company sat unseen unless someone opened the appeals page)."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reviews.models import Appeal, AppealStatus, Review, ReviewKind, ReviewStatus
from tests.conftest import AuthActions
from tests.factories import make_world, submitted_assessment
from tests.web.helpers import page_text


def test_open_appeals_are_on_the_secretariat_home_page_only(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    review = Review(
        assessment=submitted_assessment(world), kind=ReviewKind.DESK, status=ReviewStatus.FINAL
    )
    db_session.add(review)
    db_session.commit()
    auth.login(world.secretariat.email)
    assert "待秘书处决定" not in page_text(client, "/")  # no appeal, no panel

    appeal = Appeal(review=review, reason="证据未被充分考虑", filed_by_id=world.user_a.id)
    db_session.add(appeal)
    db_session.commit()
    home = page_text(client, "/")
    assert '<a class="button" href="/reviews/appeals">1 项申诉待秘书处决定</a>' in home
    client.get("/lang/en")
    english = page_text(client, "/")
    assert '<h2 id="appeals-todo">Appeals to decide</h2>' in english
    assert "1 appeal awaits the secretariat's decision" in english

    appeal.status = AppealStatus.DISMISSED
    db_session.commit()
    assert "/reviews/appeals" not in page_text(client, "/")
    auth.logout()
    auth.login(world.user_a.email)
    appeal.status = AppealStatus.OPEN
    db_session.commit()
    assert "/reviews/appeals" not in page_text(client, "/")
