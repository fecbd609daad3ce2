"""The conflict declaration page fits a 390-pixel phone (qa findings #3).

Its declared-conflicts table (declarer, organisation, reason, day) made the page 432
pixels wide: a long organisation name and reason squeezed into four columns. On a phone
each declaration is now a card with its cells named, as the other review tables are.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.demo import world
from rcapp.organisations.models import Organisation
from rcapp.reviews.models import DeclaredConflict
from tests.browser.conftest import PAGE_WIDTH, PHONE, PhonePage

ADMIN = world.admin_email("donghai-fine")
REASON = "本人配偶在该单位安全环保部任职，近三年参与过该单位应急预案和HAZOP分析报告的编写与审核工作"


@pytest.fixture
def declared(live_app: Flask, demo_world: dict[str, int]) -> Iterator[None]:
    """A declaration by Donghai Fine's admin, with a long name and reason; removed after."""
    with live_app.app_context():
        session = db.session()
        admin = session.scalars(select(User).where(User.email == ADMIN)).one()
        own = {m.organisation_id for m in admin.memberships}
        other = session.scalars(
            select(Organisation)
            .where(Organisation.id.not_in(own))
            .order_by(func.length(Organisation.name_en).desc(), Organisation.id)
        ).first()
        assert other is not None
        conflict = DeclaredConflict(user_id=admin.id, organisation_id=other.id, reason=REASON)
        session.add(conflict)
        session.commit()
        conflict_id = conflict.id
    yield
    with live_app.app_context():
        session = db.session()
        found = session.get(DeclaredConflict, conflict_id)
        if found is not None:
            session.delete(found)
            session.commit()


def test_the_declared_conflicts_fit_a_phone(
    live_server: str, declared: None, phone_page: PhonePage
) -> None:
    page = phone_page(ADMIN)
    for lang in ("zh_CN", "en"):
        page.goto(f"{live_server}/lang/{lang}?next=/reviews/conflicts")
        page.wait_for_load_state("load")
        assert REASON in page.inner_text("#declared-conflicts")
        width = page.evaluate(PAGE_WIDTH)
        assert width <= PHONE["width"], f"the conflicts page is {width}px wide ({lang})"
