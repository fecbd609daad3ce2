"""The commitment form says which round a signing date joins, and a save whose date leaves
out the open round says so (qa50 #4): a date "this year" quietly dropped last year's round.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import credit_code, make_cycle, make_organisation, make_secretariat
from tests.web.helpers import page_text

HELP = {
    "zh_CN": "正在进行的是 2025 年度自评：签署日期须不晚于 2025-12-31，单位才参加该年度。",
    "en": "The 2025 round is in progress: the organisation takes part in it only if it signed "
    "by 2025-12-31.",
}
LEFT_OUT = {
    "zh_CN": "签署日期为 2026-01-05，因此该单位不参加正在进行的 2025 年度自评，自 2026 年度起参加。"
    "如该单位应参加 2025 年度自评，请将签署日期改为 2025-12-31 或更早（须为实际签署日期）。",
    "en": "The signing date is 2026-01-05, so the organisation takes no part in the 2025 round "
    "in progress; it takes part from 2026 on. If it should take part in the 2025 round, "
    "change the signing date to 2025-12-31 or earlier (it must be the real signing date).",
}


def _form(**overrides: object) -> dict[str, object]:
    return {
        "kind": "company",
        "name_zh": "东海特种聚合物有限公司",
        "name_en": "Eastsea Specialty Polymers Co., Ltd.",
        "credit_code": credit_code(),
        "province": "江苏省",
        "city": "南通市",
        "sector": "氯碱",
        "parent_group": "",
        "park_id": "",
        "commitment_status": "signed",
        "commitment_signatory": "",
        **overrides,
    }


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_form_names_the_open_round_beside_the_date(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    make_cycle(year=2025)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}?next=/")
    assert HELP[lang] in page_text(client, "/organisations/new")


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_date_after_the_open_year_is_said_on_save(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    make_cycle(year=2025)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}?next=/")
    response = client.post(
        "/organisations/new", data=_form(commitment_signed_on="2026-01-05"), follow_redirects=True
    )
    assert LEFT_OUT[lang] in response.get_data(as_text=True)


def test_a_date_in_the_open_year_says_nothing_more(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_cycle(year=2025)
    organisation = make_organisation(
        commitment_status=CommitmentStatus.SIGNED, commitment_signed_on=dt.date(2026, 1, 5)
    )
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get("/lang/zh_CN?next=/")
    response = client.post(
        f"/organisations/{organisation.id}/edit",
        data=_form(
            name_zh=organisation.name_zh,
            name_en=organisation.name_en,
            credit_code=organisation.credit_code,
            commitment_signed_on="2025-12-31",
        ),
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "单位信息已保存" in page
    assert "不参加正在进行的" not in page


TWO_OPEN = {
    "zh_CN": "正在进行的是 2025、2026 年度自评：签署日期须不晚于该年度的 12 月 31 日"
    "（2025-12-31、2026-12-31），单位才参加该年度。",
    "en": "The 2025, 2026 rounds are in progress: the organisation takes part in a round only"
    " if it signed by 31 December of that year (2025-12-31, 2026-12-31).",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_form_names_every_open_round_beside_the_date(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    # QA58 3: with 2025 and 2026 open, the help named 2025 only.
    make_cycle(year=2025)
    make_cycle(year=2026)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}?next=/")
    assert TWO_OPEN[lang] in page_text(client, "/organisations/new")
