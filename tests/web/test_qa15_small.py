"""qa15's smaller items: words and orders that disagreed between pages, workbooks and rules."""

from __future__ import annotations

from decimal import Decimal

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.views.result_page import weight_text
from tests.conftest import AuthActions
from tests.factories import fill_complete, make_world, start
from tests.web.helpers import result_page


def test_weight_text_keeps_two_decimals() -> None:
    assert weight_text(Decimal("0.6")) == "0.60"
    assert weight_text(Decimal("0.60")) == "0.60"
    assert weight_text(Decimal("0.15")) == "0.15"
    assert weight_text(Decimal("1")) == "1.00"
    assert weight_text(Decimal("0.125")) == "0.125"


def test_result_page_weights_read_as_the_rule(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """S14: 总分构成 shows 0.60 as the rule text does, not 0.6."""
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    card = services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    page = result_page(client, assessment.id)
    for component in card.components:
        assert f'<td class="num">{weight_text(component.weight)}</td>' in page
    assert '<td class="num">0.6</td>' not in page
