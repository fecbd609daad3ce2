"""A corrective action confirmed by the lead tells the organisation, as sending it back does.

Through the outbox like the other review notices: each active user of the organisation in
their language, with the action, who confirmed it and the link; only on success, once.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.mail.models import OutboxMessage
from rcapp.reviews import settling
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world
from tests.mail_server import smtp_server  # noqa: F401 - fixture
from tests.web.test_workflow_notices import (
    BASE_URL,
    DRILL_EN,
    DRILL_ZH,
    _check,
    _company_readers,
    _final_with_action,
    _outbox,
    base_url,  # noqa: F401 - fixture
)

pytestmark = pytest.mark.usefixtures("smtp_server")


def test_a_confirmed_action_tells_the_organisation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    zh, en = _company_readers(world, db_session)
    review, action = _final_with_action(world, db_session)
    url = f"/reviews/findings/{action.id}/accept/1"
    auth.login(world.lead.email)
    client.post(url)  # still open: refused, nothing told
    assert _outbox(db_session, "action.accept") == {}
    settling.close_action(action, "补签后的评估报告", world.members[0])
    db_session.commit()
    client.post(url)
    name_zh, name_en = world.companies[0].name_zh, world.companies[0].name_en
    _check(
        _outbox(db_session, "action.accept"),
        zh,
        en,
        (
            f"整改项已确认关闭：{name_zh}（2025 年度）",
            f"Corrective action confirmed as closed: {name_en} (2025)",
        ),
        (
            [f"C1.E1.1 {DRILL_ZH}：演练评估报告缺签字", world.lead.name, "已确认"],
            [f"C1.E1.1 {DRILL_EN}: 演练评估报告缺签字", world.lead.name, "confirmed"],
        ),
        f"{BASE_URL}/reviews/{review.id}/final#action-{action.id}",
    )
    client.post(url)  # a double click: already confirmed, nothing more
    assert len(_outbox(db_session, "action.accept")) == 2
    kinds = {m.kind for m in db_session.scalars(select(OutboxMessage))}
    assert "action.reopen" not in kinds
