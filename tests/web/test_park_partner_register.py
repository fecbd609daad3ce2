"""A park's typed "1+3" count beside the partners its residents registered in rcapp.

The park types 入园企业带动签署承诺的价值链伙伴数 (PK-RC-03) by hand and was never shown the
partners its resident companies registered here; a figure far from them (the demo's 140
against 5) went unremarked. The KPI page now lists the residents' partners (count and names)
beside the field and warns, without refusing, when the typed figure differs; the result
page's "1+3" box says it too.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments.models import Assessment, KpiValue
from rcapp.organisations.models import Organisation, PartnerRelation, ValueChainPartner
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_organisation, make_park, make_user
from tests.parks import REGISTRY, real_cycle
from tests.parks import real_rubrics as real_rubrics  # the fixture

PARK = REGISTRY.get("rc-park", 2)
INPUT = "companies_partners_signed"
LISTED = {
    "zh": "本系统登记的入园企业 2 家，截至 2025 年末登记的合作伙伴共 2 家：",
    "en": "Registered in this system: 2 resident companies, with 2 partners registered by the "
    "end of 2025:",
}
TOP = {
    "zh": "填报 5 家，本系统中入园企业登记的合作伙伴为 2 家",
    "en": "5 reported; the resident companies registered 2 partners in this system",
}


def _partner(organisation: Organisation, name: str, joined_on: dt.date | None) -> None:
    organisation.partners.append(
        ValueChainPartner(name=name, relation=PartnerRelation.CARRIER, joined_on=joined_on)
    )


def _park_with_partners(typed: Decimal) -> tuple[Assessment, str]:
    cycle = real_cycle(year=2025)
    park = make_park()
    resident = make_organisation(name_zh="甲化工有限公司", name_en="Jia Chemicals", park=park)
    make_organisation(park=park)  # a resident with no partner registered
    _partner(resident, "通达物流有限公司", dt.date(2024, 3, 1))
    _partner(resident, "恒信原料有限公司", None)  # undated: on the register, counted
    _partner(resident, "明年伙伴有限公司", dt.date(2026, 1, 5))  # after the year's end
    elsewhere = make_organisation()  # not resident in this park
    _partner(elsewhere, "别处伙伴有限公司", dt.date(2024, 1, 1))
    own = make_assessment(
        park, cycle, rubric_id="rc-park", rubric_version=2, rubric_sha256=PARK.sha256
    )
    own.kpi_values.append(KpiValue(input_id=INPUT, value=typed))
    admin = make_user(park, OrgRole.ADMIN)
    return own, admin.email


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_park_kpi_page_lists_its_residents_partners_and_warns_on_another_count(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    own, email = _park_with_partners(Decimal(5))
    db_session.commit()
    auth.login(email)
    client.get(f"/lang/{lang}")
    response = client.get(f"/assessments/{own.id}/kpis")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    row = page.split(f'id="kpi-{INPUT}"')[1].split("</tr>")[0]
    listed = _text(row.split('id="park-partners"')[1].split("</div>")[0])
    assert _text(LISTED[lang]) in listed
    resident = "甲化工有限公司" if lang == "zh" else "Jia Chemicals"
    assert resident in listed
    assert "通达物流有限公司" in listed
    assert "恒信原料有限公司" in listed
    assert "明年伙伴有限公司" not in page
    assert "别处伙伴有限公司" not in page
    # the typed figure stands: a warning beside the field, and in the box above the table
    assert 'id="park-partners-differ"' in row
    assert _text(TOP[lang]) in _text(page.split('id="partner-register"')[1].split("</div>")[0])
    result = client.get(f"/assessments/{own.id}/result").get_data(as_text=True)
    assert _text(TOP[lang]) in _text(result)


def test_a_count_that_matches_the_register_is_not_warned(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    own, email = _park_with_partners(Decimal(2))
    db_session.commit()
    auth.login(email)
    page = client.get(f"/assessments/{own.id}/kpis").get_data(as_text=True)
    assert 'id="park-partners"' in page
    assert 'id="park-partners-differ"' not in page
    assert 'id="partner-register"' not in page
