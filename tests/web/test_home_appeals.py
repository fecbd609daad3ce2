"""The secretariat's home page says when appeals wait for its decision (found by QA: nothing
did, so an appeal filed by a company sat unseen unless someone opened the appeals page)."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reviews import settling
from rcapp.reviews.models import Appeal, AppealStatus, Review, ReviewKind, ReviewStatus
from tests.conftest import AuthActions
from tests.factories import make_world, submitted_assessment
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise
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


def test_the_appeals_page_dates_an_appeal_in_beijing_time(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    review = Review(
        assessment=submitted_assessment(world), kind=ReviewKind.DESK, status=ReviewStatus.FINAL
    )
    appeal = Appeal(
        review=review,
        reason="证据未被充分考虑",
        filed_by_id=world.user_a.id,
        filed_at=dt.datetime(2026, 3, 1, 22, 30, tzinfo=dt.UTC),  # 06:30 on 2 March in Beijing
    )
    db_session.add_all([review, appeal])
    db_session.commit()
    auth.login(world.secretariat.email)
    page = page_text(client, "/reviews/appeals")
    assert "提出于 2026-03-02 06:30（北京时间）" in page
    assert "2026-03-01" not in page
    client.get("/lang/en")
    english = page_text(client, "/reviews/appeals")
    assert "<title>Appeals to decide" in english
    assert '<button type="submit" class="primary">Record the decision</button>' in english


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("zh", "本组评审有 1 项申诉待秘书处决定，决定之前您无需操作："),
        ("en", "1 appeal of your group's reviews awaits the secretariat; nothing to do until"),
    ],
)
def test_a_pending_appeal_is_on_the_group_leads_home_page(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, line: str
) -> None:
    world = make_review_world(5)
    review = submit_and_finalise(assign_all(world)[0], world.lead)
    assert review.appeal_until is not None
    appeal = settling.file_appeal(review, "等级有误", review.appeal_until, world.members[0])
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")

    home = page_text(client, "/")

    assert line in html.unescape(home)
    assert f'id="todo-appeal-{appeal.id}" href="/reviews/{review.id}/consolidate#appeals"' in home
    settling.decide_appeal(appeal, False, "证据不足", world.secretariat)
    db_session.commit()
    assert 'id="todo-appeals"' not in page_text(client, "/")
