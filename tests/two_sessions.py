"""Two people on one draft, each in a browser of their own (own session, own requests).

The rows are made outside any request and no app context stays open, so each request has
its own (as two browsers do) rather than sharing one logged-in user through `g`.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Answer, KpiValue
from tests.conftest import AuthActions
from tests.factories import make_user, make_world, start


def colleagues(app: Flask, name: str = "李雷") -> tuple[int, str, str]:
    """An assessment, its organisation's member's email and a colleague `name`'s email."""
    with app.app_context():
        world = make_world()
        colleague = make_user(world.org_a, name=name)
        assessment = start(world)
        db.session().commit()
        return assessment.id, world.user_a.email, colleague.email


def two_clients(app: Flask, client: FlaskClient, mine: str, theirs: str) -> FlaskClient:
    """`client` logged in as `mine`; the returned client, a browser of its own, as `theirs`."""
    other = app.test_client()
    AuthActions(other).login(theirs)
    AuthActions(client).login(mine)
    return other


def chen_and_li(app: Flask, client: FlaskClient) -> tuple[int, FlaskClient]:
    """An assessment; `client` logged in as Chen (陈明), the returned client as Li (李强)."""
    with app.app_context():
        world = make_world()
        chen = make_user(world.org_a, name="陈明")
        li = make_user(world.org_a, name="李强")
        assessment = start(world)
        db.session().commit()
        assessment_id, chen_email, li_email = assessment.id, chen.email, li.email
    return assessment_id, two_clients(app, client, chen_email, li_email)


def stored_answer(app: Flask, assessment_id: int, item_id: str) -> Answer:
    """The answer to `item_id` as stored now, detached."""
    with app.app_context():
        found = db.session().scalar(
            select(Answer).where(Answer.assessment_id == assessment_id, Answer.item_id == item_id)
        )
        assert found is not None
        db.session().expunge(found)
        return found


def stored_kpi(app: Flask, assessment_id: int, input_id: str) -> KpiValue:
    """The KPI value of `input_id` as stored now, detached."""
    with app.app_context():
        found = db.session().scalar(
            select(KpiValue).where(
                KpiValue.assessment_id == assessment_id, KpiValue.input_id == input_id
            )
        )
        assert found is not None
        db.session().expunge(found)
        return found
