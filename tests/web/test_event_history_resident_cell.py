"""An event's change history shows the resident the way the event names it, not the other.

A park's event happened at a registered resident company, or at one not registered, named
by the park. Its history cell listed both ways: "发生单位（入园企业）: —" beside the
unregistered resident's name read as if the resident were missing. The empty field of the
other way is left out; the audit log reads entries the same way.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.event_residents import park_world
from tests.factories import make_secretariat
from tests.web.test_no_lost_event_and_target_edits import EVENT

REGISTERED = {"zh_CN": "发生单位（入园企业）", "en": "Resident company where it happened"}
UNREGISTERED = {"zh_CN": "未登记入园企业名称", "en": "Name of the unregistered resident"}


def _text(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.unescape(page)).split())


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_an_unregistered_residents_event_shows_no_empty_registered_resident(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    park = park_world()
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login(park.world.user_a.email)
    url = f"/assessments/{park.assessment.id}/events"
    typed = {"resident": "unregistered", "resident_name": "北岸化工有限公司"}
    assert client.post(url, data={**EVENT, **typed}).status_code == 302
    client.get(f"/lang/{lang}")
    history = _text(client.get(f"/assessments/{park.assessment.id}/history").get_data(True))
    assert f"{UNREGISTERED[lang]}: 北岸化工有限公司" in history
    assert f"{REGISTERED[lang]}: —" not in history
    assert REGISTERED[lang] not in history

    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    filters = f"entity=assessment&entity_id={park.assessment.id}"
    log = _text(client.get(f"/audit/?{filters}").get_data(True))
    assert f"{UNREGISTERED[lang]}: 北岸化工有限公司" in log
    assert f"{REGISTERED[lang]}: —" not in log


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_registered_residents_event_shows_no_empty_unregistered_name(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    park = park_world()
    db_session.commit()
    auth.login(park.world.user_a.email)
    url = f"/assessments/{park.assessment.id}/events"
    assert client.post(url, data={**EVENT, "resident": str(park.resident.id)}).status_code == 302
    client.get(f"/lang/{lang}")
    history = _text(client.get(f"/assessments/{park.assessment.id}/history").get_data(True))
    name = park.resident.display_name("en" if lang == "en" else "zh")
    assert f"{REGISTERED[lang]}: {name}" in history
    assert f"{UNREGISTERED[lang]}: —" not in history
