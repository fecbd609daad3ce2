"""One reminder a day per person, whichever open year it is about (QA8 S24).

With 2025 and 2022 both open, a company reminded about 2025 was reminded again about 2022
the same day: the limit held only within one year.
"""

from __future__ import annotations

import html

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp.mail.models import OutboxMessage
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_organisation, make_secretariat, make_user


def _reminders(db_session: Session) -> int:
    statement = select(func.count()).where(OutboxMessage.kind == "reminder")
    return db_session.scalar(statement) or 0


def test_a_person_reminded_about_one_year_is_not_reminded_about_another_that_day(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    this_year = make_cycle(year=2025)
    older = make_cycle(year=2022)
    late = make_organisation(name_zh="迟迟化工", commitment_status=CommitmentStatus.SIGNED)
    make_user(late, email="zh@example.cn", name="张工")
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.post(f"/cycles/{this_year.id}/remind", data={"organisation_ids": [late.id]})
    assert _reminders(db_session) == 1
    response = client.post(
        f"/cycles/{older.id}/remind", data={"organisation_ids": [late.id]}, follow_redirects=True
    )
    page = html.unescape(response.get_data(as_text=True))
    assert _reminders(db_session) == 1
    assert "以下单位今天已收到提醒（本年度或其他进行中的年度），未重复发送：迟迟化工。" in page
    listing = client.get(f"/cycles/{older.id}/organisations").get_data(as_text=True)
    assert "每人每天至多收到一封提醒（同时进行的各年度合计）。" in listing
    client.get("/lang/en")
    english = client.get(f"/cycles/{older.id}/organisations").get_data(as_text=True)
    assert "across all open years" in html.unescape(english)
