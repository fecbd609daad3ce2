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
from tests.web.helpers import page_text
from tests.web.park_events import add_event, history_and_audit_log, park_signed_in

REGISTERED = {"zh_CN": "发生单位（入园企业）", "en": "Resident company where it happened"}
UNREGISTERED = {"zh_CN": "未登记入园企业名称", "en": "Name of the unregistered resident"}


def _text(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.unescape(page)).split())


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_an_unregistered_residents_event_shows_no_empty_registered_resident(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    typed = {"resident": "unregistered", "resident_name": "北岸化工有限公司"}
    park = park_signed_in(db_session, auth)
    add_event(client, park, **typed)
    history_page, log_page = history_and_audit_log(client, auth, park, lang)
    history = _text(history_page)
    assert f"{UNREGISTERED[lang]}: 北岸化工有限公司" in history
    assert f"{REGISTERED[lang]}: —" not in history
    assert REGISTERED[lang] not in history

    log = _text(log_page)
    assert f"{UNREGISTERED[lang]}: 北岸化工有限公司" in log
    assert f"{REGISTERED[lang]}: —" not in log


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_registered_residents_event_shows_no_empty_unregistered_name(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    park = park_signed_in(db_session, auth)
    add_event(client, park, resident=str(park.resident.id))
    client.get(f"/lang/{lang}")
    history = _text(page_text(client, f"/assessments/{park.assessment.id}/history"))
    name = park.resident.display_name("en" if lang == "en" else "zh")
    assert f"{REGISTERED[lang]}: {name}" in history
    assert f"{UNREGISTERED[lang]}: —" not in history
