"""A park's shares never pass 100 % and its resident count never falls below rcapp's register.

parkshare #2: with 3 residents registered in rcapp, 2 of them rated three stars, a resident
count typed at 1 was saved ("已保存") and made PK-RC-02 200 %, which the result page showed
with 请核对 while the KPI page said nothing; a signing rate over 100 % was refused. Every share
(a KPI whose unit is "%") is now refused over 100 % with rcapp's counts, a resident count
below the register is refused, and a stored figure breaking either is flagged with the
figures on the KPI page as on the result page.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.assessments.kpi_inputs import check_kpi_inputs
from rcapp.assessments.models import Assessment, KpiValue
from rcapp.assessments.system_figures import SystemFigures, resident_count_inputs
from rcapp.assessments.validation import KpiEntry
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.parks import REGISTRY, park_year, rated_resident
from tests.parks import real_rubrics as real_rubrics  # the fixture

PARK = REGISTRY.get("rc-park", 2).rubric
REFUSED = {
    "zh": ("“三星及以上入园企业比例”将为 200%，超过 100%", "少于本系统登记的入园企业 3 家"),
    "en": ("would be 200%", "3 resident companies registered"),
}
FLAGGED = {
    "zh": (
        "按此“三星及以上入园企业比例”为 200%，超过 100%",
        "本年 1，少于本系统登记的入园企业 3 家",
    ),
    "en": ("200%", "3 resident companies registered"),
}


def _park_with_residents(typed: str) -> Assessment:
    """A park's 2025 draft with 3 residents in rcapp (2 rated three stars or more)."""
    own = park_year()
    for stars in (3, 4, 1):
        rated_resident(own.organisation, own.cycle, stars)
    own.kpi_values.append(KpiValue(input_id="companies_resident", value=Decimal(typed)))
    db.session().flush()
    return own


def _logged_in(own: Assessment, db_session: Session, auth: AuthActions, lang: str) -> Assessment:
    """Log one of the park's staff in, in `lang`."""
    staff = make_user(own.organisation)
    db_session.commit()
    auth.login(staff.email)
    auth.choose_language(lang)
    return own


def _stored(own: Assessment) -> Decimal:
    db.session().expire_all()
    return next(v.value for v in own.kpi_values if v.input_id == "companies_resident")


def _text(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_resident_count_under_the_counted_and_registered_residents_is_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    own = _logged_in(_park_with_residents("30"), db_session, auth, lang)
    response = client.post(f"/assessments/{own.id}/kpis", data={"companies_resident__value": "1"})
    page = _text(response.get_data(as_text=True))
    for said in REFUSED[lang]:
        assert said in page, said
    assert "已保存。" not in page
    assert _stored(own) == 30  # nothing lost, nothing impossible kept
    # the register's own count is accepted
    client.post(f"/assessments/{own.id}/kpis", data={"companies_resident__value": "3"})
    assert _stored(own) == 3


def test_every_share_is_held_at_100_percent_with_rcapps_counts(db_session: Session) -> None:
    """The rule is the rubric's (unit "%"): PK-RC-02 with a counted numerator too."""
    assert resident_count_inputs(PARK) == {"companies_resident"}
    counted = SystemFigures({"companies_3star": Decimal(2)})  # no register to hold against
    _checked, problems, _warnings = check_kpi_inputs(
        PARK, {}, {"companies_resident": KpiEntry("1")}, {}, counted
    )
    assert [(p.subject, p.code) for p in problems] == [("companies_resident", "share_over_100")]
    _checked, problems, _warnings = check_kpi_inputs(
        PARK, {}, {"companies_resident": KpiEntry("2")}, {}, counted
    )
    assert problems == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_stored_count_that_no_longer_holds_is_flagged_on_the_kpi_and_result_pages(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    """Typed before the residents were registered and rated: both pages say so alike."""
    own = _logged_in(_park_with_residents("1"), db_session, auth, lang)
    for url in (f"/assessments/{own.id}/kpis", f"/assessments/{own.id}/result"):
        html = client.get(url).get_data(as_text=True)
        assert 'id="kpi-doubts"' in html, url
        box = html[html.index('id="kpi-doubts"') :]
        box = _text(box[: box.index("</div>")])
        for said in FLAGGED[lang]:
            assert said in box, (url, said)
        row = html[: html.index("PK-RC-02</span>") + 200]
        assert 'href="#kpi-doubts"' in row[row.rindex("<th") :], url
