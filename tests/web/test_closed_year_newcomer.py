"""A company that took no part in the newest closed year is not told it failed to submit.

QA: a company that joined in 2025 (signed its commitment then) read on its home page
"2024 年度已关闭 … 本单位的自评未提交，不计入该年度结果", as if it had missed the year.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.cycles.models import CycleStatus
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_organisation, make_user
from tests.web.helpers import page_text

CLOSED = {"zh_CN": "2024 年度已关闭", "en": "2024"}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_newcomer_reads_no_closed_year_notice(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    make_cycle(year=2024, status=CycleStatus.CLOSED)
    make_cycle(year=2025)
    newcomer = make_organisation(
        commitment_status=CommitmentStatus.SIGNED, commitment_signed_on=dt.date(2025, 3, 1)
    )
    veteran = make_organisation(
        commitment_status=CommitmentStatus.SIGNED, commitment_signed_on=dt.date(2020, 3, 1)
    )
    new_user, old_user = make_user(newcomer), make_user(veteran)
    db_session.commit()

    auth.login(old_user.email)
    client.get(f"/lang/{lang}?next=/")
    assert "year-closed" in page_text(client, "/")  # the veteran missed 2024: told so
    auth.logout()
    auth.login(new_user.email)
    client.get(f"/lang/{lang}?next=/")
    assert "year-closed" not in page_text(client, "/")
