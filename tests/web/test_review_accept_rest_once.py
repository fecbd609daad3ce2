""" "Accept all remaining items" with nothing left is no change and no audit entry (QA12 S11)."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world
from tests.web.test_review_pages import _assign

BUTTON = "接受其余全部评价项"


def _logged(db_session: Session) -> int:
    statement = select(func.count()).where(AuditEntry.action == "review.accept_rest")
    return db_session.scalar(statement) or 0


def test_accepting_the_rest_again_logs_nothing_and_the_button_goes(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    first, _second = _assign(client, auth, world)
    first.review.sample_items = '["MS.G1.1"]'  # the rest: the items outside the sample
    db_session.commit()
    auth.login(first.reviewer.email)
    page_url = f"/reviews/assignments/{first.id}"
    assert BUTTON in client.get(page_url).get_data(as_text=True)
    url = f"/reviews/assignments/{first.id}/accept-rest"
    assert client.post(url).status_code == 302
    assert _logged(db_session) == 1
    assert BUTTON not in client.get(page_url).get_data(as_text=True)
    again = client.post(url, follow_redirects=True)  # a second tab, or a double click
    assert again.status_code == 200
    # the one sampled item is left: said as why nothing was accepted (qa54 4)
    assert "没有接受任何评价项" in again.get_data(as_text=True)
    assert _logged(db_session) == 1
    client.get("/lang/en")
    english = client.post(url, follow_redirects=True).get_data(as_text=True)
    assert "Nothing was accepted" in english
    assert _logged(db_session) == 1
