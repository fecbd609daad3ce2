"""The peer review page names the groups for who is looking at them.

QA31 S10: the secretariat, who leads no group, saw "Working groups I lead" above all groups.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import make_cast


def _heading(client: FlaskClient) -> str:
    page = client.get("/reviews/").get_data(as_text=True)
    return page.split('<h2 id="led">', 1)[1].split("</h2>", 1)[0]


def test_the_secretariat_sees_all_working_groups_and_a_lead_his_own(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_cast()
    db_session.commit()
    auth.login("sec@example.cn")
    assert _heading(client) == "所有工作组"
    client.get("/lang/en")
    assert _heading(client) == "All working groups"
    auth.logout()
    auth.login("lead@example.cn")
    client.get("/lang/zh")
    assert _heading(client) == "我负责的工作组"
    client.get("/lang/en")
    assert _heading(client) == "Working groups I lead"
