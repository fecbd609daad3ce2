"""An organisation that signed the commitment this calendar year is told from which year it
takes part (qa45 S7): signed after the open year's cut-off, it is in no open year's list, and
its page said only 尚无自评.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_user
from tests.web.helpers import page_text

WORDS = {
    "zh_CN": "签署责任关怀承诺，自 {year} 年度起参加年度自评（此前的年度无需填报）",
    "en": "takes part in the yearly self-assessment from {year} on",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_new_signatory_reads_its_first_year(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    year = beijing_today().year
    new = make_organisation(
        commitment_status=CommitmentStatus.SIGNED, commitment_signed_on=dt.date(year, 1, 1)
    )
    old = make_organisation(
        commitment_status=CommitmentStatus.SIGNED, commitment_signed_on=dt.date(year - 3, 5, 1)
    )
    secretariat = make_user(is_secretariat=True)
    db_session.commit()
    auth.login(secretariat.email)
    client.get(f"/lang/{lang}?next=/")
    page = page_text(client, f"/organisations/{new.id}")
    assert 'id="first-year"' in page
    assert WORDS[lang].format(year=year) in page
    assert 'id="first-year"' not in page_text(client, f"/organisations/{old.id}")
