"""QA15 D4: the "deadline made organisations late" entry names them, in the viewer's language."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.db import utcnow
from rcapp.organisations.models import CommitmentStatus
from tests.audit_export import export_audit
from tests.conftest import AuthActions
from tests.factories import World, make_world, start


def _days(n: int) -> dt.date:
    return beijing_today() + dt.timedelta(days=n)


def _made_late(client: FlaskClient, session: Session, auth: AuthActions, lang: str) -> World:
    world = make_world()
    world.cycle.deadline = _days(30)
    world.cycle.created_at = utcnow() - dt.timedelta(days=60)
    world.org_a.commitment_status = CommitmentStatus.SIGNED
    world.org_b.commitment_status = CommitmentStatus.SIGNED
    world.org_a.name_en = "Alpha Chemicals Co., Ltd."
    world.org_b.name_en = "Beta Chemicals Co., Ltd."
    session.flush()
    start(world)
    session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    day = _days(-4).isoformat()
    response = client.post(
        f"/cycles/{world.cycle.id}/deadline",
        data={"deadline": day, "shown": _days(30).isoformat(), "confirmed": day},
    )
    assert response.status_code == 302
    return world


@pytest.mark.parametrize(
    ("lang", "label"),
    [("zh_CN", "逾期未提交的单位"), ("en", "Organisations made late")],
)
def test_the_organisations_made_late_are_named_on_the_page_and_in_the_workbook(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, label: str
) -> None:
    world = _made_late(client, db_session, auth, lang)
    code = "en" if lang == "en" else "zh"
    names = sorted((world.org_a, world.org_b), key=lambda o: o.id)  # stored by id, listed so
    listed = [label + ":", *(o.display_name(code) for o in names)]  # one name a line
    filters = f"entity=cycle&entity_id={world.cycle.id}&action=deadline.late"
    page = html.unescape(client.get(f"/audit/?{filters}").get_data(as_text=True))
    assert "<br>".join(listed) in page
    assert "organisation_ids" not in page
    book = export_audit(client, filters)
    cells = [str(c) for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert any("\n".join(listed) in cell for cell in cells), cells
    assert not any("organisation_ids" in cell for cell in cells)
