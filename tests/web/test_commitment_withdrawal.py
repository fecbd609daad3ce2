"""Suspending or withdrawing a commitment asks first and says what it did (QA58 4).

Set to 已退出, a company left the open years' counts with only "单位信息已保存。".
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.organisations.models import CommitmentStatus, Organisation
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_organisation, make_secretariat
from tests.web.test_signing_date_open_round import _form

ASKED = {
    "zh_CN": "尚未保存：将“{name}”的承诺书状态改为“已退出”后："
    "该单位不再参加正在进行的 2025、2026 年度自评",
    "en": "Not saved yet: once the commitment status of “{name}” is withdrawn:",
}
# the question sits far down the form: the top of the page says that nothing was saved (qa62 #1)
TOLD = {
    "zh_CN": '<div class="flash flash-error" role="alert" tabindex="-1" data-refusal>'
    "尚未保存：更改承诺书状态须先确认，请勾选下方的“确认更改承诺书状态”后再保存。</div>",
    "en": '<div class="flash flash-error" role="alert" tabindex="-1" data-refusal>'
    "Not saved yet: changing the commitment status needs confirming first. Tick "
    "“Confirm the change of commitment status” below, then save again.</div>",
}
DONE = {
    "zh_CN": "“{name}”的承诺书状态已改为“已退出”。该单位不再参加正在进行的 2025、2026 年度自评",
    "en": "The commitment status of “{name}” is now withdrawn.",
}


def _edit(organisation: Organisation, **more: str) -> dict[str, object]:
    return _form(
        name_zh=organisation.name_zh,
        name_en=organisation.name_en,
        credit_code=organisation.credit_code,
        commitment_signed_on="2020-05-01",
        commitment_status="withdrawn",
        **more,
    )


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_withdrawing_asks_naming_the_open_years_then_says_it_after_saving(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    make_cycle(year=2025)
    make_cycle(year=2026)
    organisation = make_organisation(
        commitment_status=CommitmentStatus.SIGNED, commitment_signed_on=dt.date(2020, 5, 1)
    )
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}?next=/")
    name = organisation.display_name("en" if lang == "en" else "zh")
    url = f"/organisations/{organisation.id}/edit"
    asked = html.unescape(client.post(url, data=_edit(organisation)).get_data(as_text=True))
    assert ASKED[lang].format(name=name) in asked
    assert 'name="confirm_commitment"' in asked
    assert TOLD[lang] in asked
    db_session.refresh(organisation)
    assert organisation.commitment_status == "signed"  # nothing saved yet
    done = client.post(
        url, data=_edit(organisation, confirm_commitment="withdrawn"), follow_redirects=True
    )
    assert DONE[lang].format(name=name) in html.unescape(done.get_data(as_text=True))
    db_session.refresh(organisation)
    assert organisation.commitment_status is CommitmentStatus.WITHDRAWN


@pytest.mark.parametrize(
    ("lang", "one_year"),
    [
        ("zh_CN", "该单位不再参加正在进行的 2025 年度自评：不计入该年度的参加单位数"),
        (
            "en",
            "It no longer takes part in the 2025 round in progress: it is not counted among its",
        ),
    ],
)
def test_one_open_year_is_worded_as_one(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, one_year: str
) -> None:
    """qa62 #10: "这些年度" for the one year 2025."""
    make_cycle(year=2025)
    organisation = make_organisation(
        commitment_status=CommitmentStatus.SIGNED, commitment_signed_on=dt.date(2020, 5, 1)
    )
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}?next=/")
    url = f"/organisations/{organisation.id}/edit"
    asked = html.unescape(client.post(url, data=_edit(organisation)).get_data(as_text=True))
    assert one_year in asked
    assert "这些年度" not in asked
