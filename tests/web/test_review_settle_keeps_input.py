"""A refused settlement keeps every input: the level chosen as well as the reason typed.

Refused beside the form (a reason missing) the form shows both again; refused where no
form can show them (the review was finalised, or its year closed, since the page opened)
the message quotes the level and the reason.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reviews import settling
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world
from tests.web.test_review_settler_role import _flagged

URL = "/reviews/{id}/items/MS.G1.1/settle"


@pytest.mark.parametrize(("lang", "message"), [("zh", "请填写裁定理由。"), ("en", "reason")])
def test_a_missing_reason_keeps_the_chosen_level(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, message: str
) -> None:
    world = make_review_world(5)
    review = _flagged(world)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    response = client.post(
        URL.format(id=review.id), data={"s-MS.G1.1-level": "2", "s-MS.G1.1-reason": " "}
    )
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    select = re.search(r'<select[^>]* id="s-MS.G1.1-level".*?</select>', page, re.S)
    assert select is not None
    assert '<option selected value="2">' in select.group(0)
    assert message in page.split('id="s-MS.G1.1-reason-error"')[1].split("</p>")[0]


@pytest.mark.parametrize(
    ("lang", "quoted"),
    [
        ("zh", "您为 MS.G1.1 选择的等级：2。 您为 MS.G1.1 填写的理由：（无）"),
        ("en", "Your level for MS.G1.1: 2. Your reason for MS.G1.1: (none)"),
    ],
)
def test_refused_on_a_review_finalised_meanwhile_the_level_and_reason_are_quoted(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, quoted: str
) -> None:
    world = make_review_world(5)
    review = _flagged(world)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    settling.settle_item(review, "MS.G1.1", 3, "已核实", world.lead)
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    # The reason missing too: refused, and no form shows the level any more.
    response = client.post(
        URL.format(id=review.id), data={"s-MS.G1.1-level": "2", "s-MS.G1.1-reason": ""}
    )
    assert response.status_code == 409
    assert quoted in html.unescape(response.get_data(as_text=True))
    typed = client.post(
        URL.format(id=review.id), data={"s-MS.G1.1-level": "na", "s-MS.G1.1-reason": "复核"}
    )
    text = html.unescape(typed.get_data(as_text=True))
    assert "复核" in text
    assert ("不适用" if lang == "zh" else "N/A") in text
