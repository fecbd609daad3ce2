"""A park's event at a resident not registered in rcapp: it counts, and the records name it.

Counted: domain.md's park KPIs and vetoes are about accidents "in the park", and rc-park's
vetoes and KPI definitions say anywhere in it, resident companies included; a resident
registered in rcapp or not is the same place. So the event counts for the park's vetoes
and its register's check against the KPI data exactly as one at a registered resident or
at the park itself: who it happened at only labels it.

Named: the park's change history (修改记录) and the audit log list the event's unregistered
resident under the events page's labels, never as the stored keys (resident_name...).
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.assessments.models import Event
from rcapp.assessments.results import compute_scorecard
from rcapp.organisations.credit_code import check_character
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_user
from tests.parks import park_year
from tests.parks import real_rubrics as real_rubrics  # the fixture
from tests.web.park_events import add_event, history_and_audit_log, park_signed_in

FIRST17 = "91330100MA2B3C4D5"
CODE = FIRST17 + check_character(FIRST17)
LABELS = {
    "zh_CN": ("未登记入园企业名称", "未登记入园企业的统一社会信用代码"),
    "en": ("Name of the unregistered resident", "Credit code of the unregistered resident"),
}


def _accident(own_id: int, organisation_id: int, **where: object) -> Event:
    return Event(
        organisation_id=organisation_id,
        recorded_in_id=own_id,
        event_type="safety_accident",
        grade="larger",
        occurred_on=dt.date(2025, 3, 1),
        fatalities=3,
        injuries=0,
        description="储罐区火灾",
        is_resolved=True,
        **where,
    )


@pytest.mark.parametrize("where", ["unregistered", "registered", "park"])
def test_an_accident_counts_for_the_parks_vetoes_wherever_in_the_park_it_happened(
    db_session: Session, real_rubrics: None, where: str
) -> None:
    own = park_year()
    resident = make_organisation(park_id=own.organisation_id, name_zh="临海石化有限公司")
    wheres: dict[str, dict[str, object]] = {
        "unregistered": {"resident_name": "北岸化工有限公司", "resident_credit_code": CODE},
        "registered": {"resident_id": resident.id},
        "park": {},
    }
    named = wheres[where]
    db.session().add(_accident(own.id, own.organisation_id, **named))
    db.session().flush()
    card = compute_scorecard(own)
    hit = {h.rule_id for h in card.rating.vetoes}
    # a larger accident (V1: no star) with deaths (V5: two at most), both over 36 months
    assert {"V1", "V5"} <= hit
    assert card.rating.stars == 0


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_history_and_the_audit_log_name_the_unregistered_resident(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    park = park_signed_in(db_session, auth)
    typed = {"resident": "unregistered", "resident_name": "北岸化工有限公司"}
    add_event(client, park, **typed, resident_credit_code=CODE)
    name, code = LABELS[lang]
    history, log_page = history_and_audit_log(client, auth, park, lang)
    text = " ".join(re.sub(r"<[^>]+>", " ", html.unescape(history)).split())
    assert f"{name}: 北岸化工有限公司" in text
    assert f"{code}: {CODE}" in text
    assert "resident_name" not in text
    assert "resident_credit_code" not in text

    log = html.unescape(log_page)
    assert f"{name}: 北岸化工有限公司" in log
    assert "resident_name" not in log


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "zh_CN",
            "事件：2025-03-01 生产安全事故，发生单位：北岸化工有限公司"
            f"（未在本系统登记；统一社会信用代码 {CODE}）",
        ),
        (
            "en",
            "event: 2025-03-01 Production-safety accident, at 北岸化工有限公司"
            f" (not registered in this system; credit code {CODE})",
        ),
    ],
)
def test_the_result_page_says_where_a_vetoing_event_happened(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,
    lang: str,
    said: str,
) -> None:
    own = park_year()
    named = {"resident_name": "北岸化工有限公司", "resident_credit_code": CODE}
    db.session().add(_accident(own.id, own.organisation_id, **named))
    user = make_user(own.organisation, email="park@example.cn")
    db_session.commit()
    auth.login(user.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/assessments/{own.id}/result")
    assert page.status_code == 200
    text = " ".join(re.sub(r"<[^>]+>", " ", html.unescape(page.get_data(as_text=True))).split())
    assert said in text
