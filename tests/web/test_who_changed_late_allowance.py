"""A stale late-submission page names who changed the organisation's allowance meanwhile.

A colleague of the secretariat by name, the user themself as their other window, tab or
device; the date the user typed stays in the form.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.cycles import services
from rcapp.organisations.models import Organisation
from tests.conftest import AuthActions
from tests.factories import World, make_secretariat, make_world, start
from tests.web.stale_two_hands import LANGS, refused, signed_in


def _late_world(db_session: Session) -> tuple[World, Organisation]:
    world = make_world()
    world.cycle.deadline = beijing_today() - dt.timedelta(days=3)
    start(world)
    db_session.commit()
    return world, world.org_a


def _refused(client: FlaskClient, world: World, typed: str) -> str:
    url = f"/cycles/{world.cycle.id}/late/{world.org_a.id}"
    page = refused(client.post(url, data={"until": typed, "shown": ""}))
    until = re.search(r'<input[^>]*name="until"[^>]*>', page)
    assert until is not None
    assert f'value="{typed}"' in until.group(0)  # the typed date is kept
    return page


SAID = {
    "colleague": {
        "zh": "本单位的逾期提交在您打开本页后已被王芳修改",
        "en": "王芳 (Wang Fang) changed this organisation's late submission after you opened",
    },
    "own tab": {
        "zh": "您已在另一窗口、标签页或设备中修改本单位的逾期提交",
        "en": "You changed this organisation's late submission in another window, tab or device",
    },
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("who", SAID)
def test_an_allowance_granted_meanwhile_says_who(
    client: FlaskClient, db_session: Session, auth: AuthActions, who: str, lang: str
) -> None:
    world, organisation = _late_world(db_session)
    granter = make_secretariat(name="王芳") if who == "colleague" else world.secretariat
    db_session.commit()
    signed_in(auth, world.secretariat.email, lang)
    assert client.get(f"/cycles/{world.cycle.id}/late/{organisation.id}").status_code == 200
    services.allow_late_submission(world.cycle, organisation.id, beijing_today(), granter)
    db_session.commit()

    typed = (beijing_today() + dt.timedelta(days=2)).isoformat()
    page = _refused(client, world, typed)
    assert SAID[who][lang] in page
    assert "已被他人修改" not in page
    assert "Someone changed" not in page
