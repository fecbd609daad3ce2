"""The overview's cap line names every cap the result page names (QA, a park's officer).

A park in its first years of KPI reporting, with a fatal accident recorded, read "目前最多可评
2 星" citing only the reporting run, while the result page named the accident's cap (★★ at
most) too. Both caps bind at the same band: the overview now words the result page's ceiling.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.completeness import core_kpi_inputs
from rcapp.assessments.models import Event
from tests.conftest import AuthActions
from tests.parks import REGISTRY, complete_park_draft, park_assessment
from tests.parks import real_rubrics as real_rubrics  # the fixture
from tests.web.helpers import page_words

NAMED = {
    "zh_CN": (
        "3 星及以上：因“36个月内园区内发生造成人员死亡的生产安全事故”一票否决，最多 2 星",
        "3 星及以上要求核心绩效指标连续报送 3 年（含本年度）；贵单位目前连同本年度连续报送 2 年。",
    ),
    "en": (
        "3 stars and above: Vetoed by “Fatal production-safety accident in the park in the last "
        "36 months”: at most a 2-star rating",
        "3 stars or more need core KPIs reported 3 consecutive years (this year included); with "
        "this year your organisation has reported 2 so far.",
    ),
}
HEADLINE = {"zh_CN": "本年度最高可达 2 星", "en": "At most 2 stars this year"}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_fatal_accident_beside_the_reporting_run_is_named_on_the_overview(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    own, admin = complete_park_draft(Decimal(78), Decimal(78))
    # 2024 reported every core KPI: a run of 2 years with this one, 3 stars need 3
    pinned = REGISTRY.get("rc-park", 2).rubric
    park_assessment(own.organisation, 2024, 2, **{i.id: "10" for i in core_kpi_inputs(pinned)})
    db_session.add(
        Event(
            organisation_id=own.organisation_id,
            recorded_in_id=own.id,
            event_type="safety_accident",
            grade="general",
            occurred_on=dt.date(2025, 3, 5),
            fatalities=1,
            description="储罐检修中 1 人死亡",
        )
    )
    db_session.commit()
    auth.login(admin.email)
    client.get(f"/lang/{lang}?next=/")
    overview = page_words(client, f"/assessments/{own.id}")
    result = page_words(client, f"/assessments/{own.id}/result")
    assert "目前最多可评 2 星" not in overview  # the run's cap alone, as if it were the only one
    panel = overview.split("历史记录" if lang == "zh_CN" else "History", 1)[1]
    accident, run = NAMED[lang]
    # the accident's cap, in the result page's words, and the reporting run, both
    assert accident in result
    assert accident in panel
    assert run in panel
    assert HEADLINE[lang] in panel
