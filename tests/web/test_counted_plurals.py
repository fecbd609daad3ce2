"""Counted words in English are singular or plural by the count, not "organisation(s)".

QA31 S9: "Reminders queued for 2 organisation(s) (5 e-mails)"; the working-group page
said "1 member organisation(s)" and "8 standard working group(s) created" the same way.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.config import PROJECT_ROOT
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import make_cast, make_cycle, make_organisation, make_secretariat, make_user
from tests.mail_server import smtp_server  # noqa: F401 - fixture


@pytest.fixture(autouse=True)
def _six_codes(app: Flask) -> Iterator[None]:
    before = app.config["RUBRICS_DIR"]
    app.config["RUBRICS_DIR"] = str(PROJECT_ROOT / "rubrics")
    yield
    app.config["RUBRICS_DIR"] = before


@pytest.mark.usefixtures("smtp_server")
def test_the_reminder_notice_counts_organisations_and_e_mails_in_words(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle = make_cycle()
    first = make_organisation(commitment_status=CommitmentStatus.SIGNED)
    second = make_organisation(commitment_status=CommitmentStatus.SIGNED)
    make_user(first, email="a1@example.cn")
    make_user(first, email="a2@example.cn")
    make_user(second, email="b1@example.cn")
    lonely = make_organisation(commitment_status=CommitmentStatus.SIGNED)
    make_user(lonely, email="c1@example.cn")
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")

    def remind(*ids: int) -> str:
        url = f"/cycles/{cycle.id}/remind"
        response = client.post(url, data={"organisation_ids": list(ids)}, follow_redirects=True)
        return response.get_data(as_text=True)

    assert "已安排向 2 个单位发送提醒（3 封邮件）" in remind(first.id, second.id)
    client.get("/lang/en")
    page = remind(lonely.id)
    assert "Reminders queued for 1 organisation (1 e-mail);" in page
    assert "(s)" not in page


def test_a_group_in_use_counts_what_still_names_it_in_words(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("sec@example.cn")
    client.get("/lang/en")
    page = client.get(f"/working-groups/{cast.group.id}/edit").get_data(as_text=True)
    assert "1 member organisation," in page or "1 member organisation " in page
    assert "3 lead, deputy lead or reviewer roles" in page
    assert "(s)" not in page


def test_seeding_the_standard_groups_counts_them_in_words(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get("/lang/en")
    page = client.post("/working-groups/standard", follow_redirects=True).get_data(as_text=True)
    assert "9 standard working groups created." in page
