"""The group's comparison page and workbook show its statistics, or the one reason they are not.

qa72 M3: every year said "fewer than 5 members with data (or not computed)", the radar's
table did not say why the median was missing, and a group big enough showed only a median
row: the pooled figures and the quartiles were on a member's own benchmark page only.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.benchmarks.models import PeerGroupStat
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import make_organisation
from tests.factories_reviews import make_review_world
from tests.web.reports.test_downloads import workbook

SMALL = {
    "zh": "4 家成员，其中 3 家有对标数据，不足 5 家，不显示组统计。",
    "en": "4 members, 3 with benchmark data: fewer than 5, so no group statistics are shown.",
}
NOT_COMPUTED = {"zh": "本年度的对标数据尚未计算", "en": "not computed yet"}
RADAR_NOTE = {"zh": "没有“工作组中位数”一列：", "en": 'No "Working group median" column: '}
ROWS = {
    "zh": ("下四分位（P25）", "上四分位（P75）", "汇总值"),
    "en": ("Lower quartile (P25)", "Upper quartile (P75)", "Pooled value"),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_small_group_says_how_many_have_data_and_the_radar_table_why(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(3)
    world.group.organisations.append(make_organisation(commitment_status=CommitmentStatus.SIGNED))
    db_session.commit()
    auth.login(world.lead.email)
    auth.choose_language(lang)
    url = f"/benchmarks/groups/{world.group.id}?cycle={world.cycle.id}"
    page = client.get(url).get_data(as_text=True)
    assert NOT_COMPUTED[lang] in page
    assert "或尚未计算" not in page
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    page = client.get(url).get_data(as_text=True)
    assert SMALL[lang] in page
    assert NOT_COMPUTED[lang] not in page
    assert "或尚未计算" not in page
    assert RADAR_NOTE[lang] + SMALL[lang] in page.replace("&#34;", '"').replace("&quot;", '"')


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_big_group_shows_its_quartiles_and_pooled_figures_on_page_and_workbook(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    stats = db_session.query(PeerGroupStat).filter_by(group_key=str(world.group.id)).all()
    pooled = next(s for s in stats if s.pooled is not None)
    auth.login(world.lead.email)
    auth.choose_language(lang)
    kpi = pooled.metric.removeprefix("kpi:")
    url = f"/benchmarks/groups/{world.group.id}?cycle={world.cycle.id}&kpi={kpi}"
    page = client.get(url).get_data(as_text=True)
    for label in ROWS[lang]:
        assert f'<th scope="row">{label}</th>' in page
    sheet = workbook(
        client.get(
            f"/reports/working-groups/{world.group.id}/side-by-side.xlsx"
            f"?cycle={world.cycle.id}&kpi={kpi}"
        ).data
    ).active
    rows = {r[0].value: [c.value for c in r] for r in sheet.iter_rows() if r[0].value}
    last = max(len(v) for v in rows.values()) - 2  # the one KPI chosen, then its percentile
    for label in ROWS[lang]:
        assert rows[label][last] is not None, label
