"""The park page names the "1+3" KPI by its name, not the bare code PK-RC-03 (QA58 10)."""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

import tests.real_rubrics as real_rubrics_module
from tests.conftest import AuthActions
from tests.factories import make_park, make_secretariat

real_rubrics = real_rubrics_module.real_rubrics

NAMED = {
    "zh_CN": "园区关键绩效指标“入园企业带动签约伙伴数”统计入园企业带动签署承诺的伙伴数。",
    "en": "“Value-chain partners (“1+3”) signed through resident companies”",  # vcnames
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_park_page_names_the_partner_kpi(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    park = make_park()
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}?next=/")
    page = html.unescape(client.get(f"/organisations/{park.id}").get_data(as_text=True))
    assert NAMED[lang] in page
    assert "PK-RC-03" not in page
