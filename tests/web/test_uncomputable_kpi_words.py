"""An uncomputable KPI reads alike on the KPI page and the result page (qa42 S5).

After submitting, the KPI page showed a bare "—" where the result page said 无法计算（分母为 0）,
and the result page's KPI ladder scored the KPI 1 / 4 "已报送本年度数据" without a word on the
division: the rule counts its inputs reported (docs/scoring.md §4), which the row now says.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import AssessmentStatus
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import KpiEntry
from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment, page_text

WORDS = {"zh": "无法计算（分母为 0）", "en": "Cannot be calculated (denominator is 0)"}
RULE = "本年度无法计算（分母为 0），但计算所需的数据已报送，按评分规则计为已报送"


def _rate_row(page: str, kpi_id: str) -> str:
    start = page.index(f'<span class="item-id nowrap">{kpi_id}</span>')
    return page[start : page.index("</tr>", start)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_submitted_kpi_page_says_not_computable(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    rubric = rubric_of(assessment)
    entries = {"hours_employees": KpiEntry("0"), "lti_employees": KpiEntry("2")}
    assert services.save_kpi_inputs(assessment, rubric, entries, world.user_a).ok
    kpi = next(k for k in rubric.kpis if "hours_employees" in k.formula)
    assessment.status = AssessmentStatus.SUBMITTED
    db_session.commit()
    if lang == "en":
        client.get("/lang/en")
    row = _rate_row(page_text(client, f"/assessments/{assessment.id}/kpis"), kpi.id)
    assert WORDS[lang] in row
    assert WORDS[lang] in page_text(client, f"/assessments/{assessment.id}/result")
    if lang == "zh":
        assert kpi.core  # on the ladder, rung 1 (no earlier years): the row says why
        assert RULE in page_text(client, f"/assessments/{assessment.id}/result")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_editable_kpi_page_says_not_computable_as_the_read_only_one(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """The draft's KPI page (being filled in) showed "—" where the submitted one said
    无法计算（分母为 0）; its live update (kpi-table.js) writes the same words from the
    output's data-uncomputable."""
    world, assessment = member_with_assessment(db_session, auth)
    rubric = rubric_of(assessment)
    entries = {"hours_employees": KpiEntry("0"), "lti_employees": KpiEntry("2")}
    assert services.save_kpi_inputs(assessment, rubric, entries, world.user_a).ok
    kpi = next(k for k in rubric.kpis if "hours_employees" in k.formula)
    db_session.commit()
    if lang == "en":
        client.get("/lang/en")
    page = page_text(client, f"/assessments/{assessment.id}/kpis")
    row = _rate_row(page, kpi.id)
    assert "<output" in row  # the editable cell
    assert f'data-uncomputable="{WORDS[lang]}"' in row
    assert f">{WORDS[lang]}</output>" in row
