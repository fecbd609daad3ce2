"""Unticking 本板块整体不适用 drops its reason (QA34 S16).

The reason stayed in its box after the untick, and every later save of the page was refused
beside it ("未勾选“不适用”，不适用理由不会保存…") until the user cleared it by hand.
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment


def _reason_box(page: str) -> str:
    found = re.search(r'<textarea[^>]*name="section__na_reason"[^>]*>(.*?)</textarea>', page, re.S)
    if found is None:
        found = re.search(r'<input[^>]*name="section__na_reason"[^>]*value="([^"]*)"', page)
    assert found is not None
    return found.group(1).strip()


def test_unticking_the_section_drops_its_reason_and_later_saves_pass(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/C6"
    ticked = client.post(url, data={"section__na": "y", "section__na_reason": "不销售产品"})
    assert ticked.status_code == 302
    assert _reason_box(client.get(url).get_data(as_text=True)) == "不销售产品"
    # The page sends the reason back as it shows it, without the tick.
    unticked = client.post(url, data={"section__na_reason": "不销售产品"})
    assert unticked.status_code == 302
    db_session.expire_all()
    answer = next(a for a in assessment.answers if a.item_id == "C6")
    assert (answer.is_na, answer.na_reason) == (False, None)
    assert _reason_box(client.get(url).get_data(as_text=True)) == ""
    assert client.post(url, data={"C6.E1.1__level": "2"}).status_code == 302


def test_a_reason_typed_anew_without_the_tick_is_still_refused_and_kept(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/C6"
    ticked = client.post(url, data={"section__na": "y", "section__na_reason": "不销售产品"})
    assert ticked.status_code == 302
    refused = client.post(url, data={"section__na_reason": "不销售任何产品"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "不适用理由不会保存" in page
    assert "不销售任何产品" in page
