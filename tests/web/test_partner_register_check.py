"""QA40 D2: the typed "1+3" partner counts are checked against rcapp's partner register.

Every 2025 company typed VC-01 4 and VC-02 18 while the register held 3 partners (joined
2023, 2023 and 2024), none in 2025; nothing compared the two. A difference is a warning on
the KPI page and the result page (the register may be incomplete), not a data problem.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.accounts.models import OrgRole
from rcapp.assessments.models import Assessment, KpiValue
from rcapp.assessments.partner_check import Register, _register, mismatches
from rcapp.organisations.models import Organisation, PartnerRelation, ValueChainPartner
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_organisation, make_user
from tests.real_rubrics import RUBRICS
from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture
from tests.web.helpers import page_text, result_page

JOINED = (dt.date(2023, 3, 1), dt.date(2023, 3, 1), dt.date(2024, 5, 8))


def add_partners(organisation: Organisation, *joined: dt.date | None) -> None:
    for n, day in enumerate(joined):
        db.session().add(
            ValueChainPartner(
                organisation_id=organisation.id,
                name=f"伙伴{n}",
                relation=PartnerRelation.SUPPLIER,
                joined_on=day,
            )
        )


def _typed(year: int, total: int) -> tuple[Assessment, str]:
    """A 2025 rc-company@2 draft typing VC-01 `year` and VC-02 `total`; its admin's e-mail."""
    sha = hashlib.sha256((RUBRICS / "rc-company" / "v2.yaml").read_bytes()).hexdigest()
    cycle = make_cycle(year=2025, company_rubric_id="rc-company", company_rubric_version=2)
    organisation = make_organisation()
    user = make_user(organisation, OrgRole.ADMIN)
    assessment = make_assessment(
        organisation, cycle, rubric_id="rc-company", rubric_version=2, rubric_sha256=sha
    )
    assessment.kpi_values.append(KpiValue(input_id="partners_signed_year", value=Decimal(year)))
    assessment.kpi_values.append(KpiValue(input_id="partners_signed_total", value=Decimal(total)))
    add_partners(organisation, *JOINED)
    return assessment, user.email


def test_the_register_counts_the_years_partners_and_all_by_its_end() -> None:
    # 2023, 2023, 2024 and one undated: none joined in 2025; 4 on the register by its end
    register = _register([*JOINED, None], 2025)
    assert register == Register(in_year=0, by_year_end=4, undated=1)
    assert _register([*JOINED], 2024) == Register(in_year=1, by_year_end=3, undated=0)
    inputs = {"partners_signed_year": False, "partners_signed_total": True}
    found = mismatches(register, {"partners_signed_year": Decimal(4)}, inputs)
    assert [(m.input_id, m.typed, m.registered, m.undated) for m in found] == [
        ("partners_signed_year", Decimal(4), 0, 1)
    ]
    assert mismatches(register, {"partners_signed_total": Decimal(4)}, inputs) == []


WORDS = {
    "zh": (
        "“1+3”伙伴数与本系统的合作伙伴登记不一致",
        "“本年新签署承诺的价值链伙伴数”填报 4 家，本系统的合作伙伴登记为 0 家",
        "“累计签署承诺的价值链伙伴数”填报 18 家，本系统的合作伙伴登记为 3 家",
    ),
    "en": (
        "The “1+3” partner counts differ from the partner register in this system",
        "“Value-chain partners (“1+3”) signed this year”: 4 reported, 0 on the partner register",
        ": 18 reported, 3 on the partner register in this system",
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_kpi_and_result_pages_warn_where_the_counts_differ(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    assessment, email = _typed(4, 18)
    db_session.commit()
    auth.login(email)
    client.get(f"/lang/{lang}?next=/")
    for page in (
        page_text(client, f"/assessments/{assessment.id}/kpis"),
        result_page(client, assessment.id),
    ):
        assert 'id="partner-register"' in page
        for words in WORDS[lang]:
            assert words in page
        assert f'href="/organisations/{assessment.organisation_id}#partners"' in page


def test_counts_that_agree_with_the_register_say_nothing(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment, email = _typed(0, 3)
    db_session.commit()
    auth.login(email)
    assert 'id="partner-register"' not in page_text(client, f"/assessments/{assessment.id}/kpis")
    assert 'id="partner-register"' not in result_page(client, assessment.id)
