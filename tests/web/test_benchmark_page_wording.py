"""What the benchmark pages say: units, the percentile rule, the year shown, stars, KPIs."""

from __future__ import annotations

from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.benchmarks import pages
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.benchmarks.stats import MetricStats
from rcapp.rubrics.loader import load_rubric
from rcapp.rubrics.model import Basis
from tests.conftest import TEST_RUBRICS_DIR, AuthActions
from tests.factories import make_cycle
from tests.factories_reviews import ReviewWorld, make_review_world

STATS_TABLE = '{% from "benchmarks/_stats.html" import stats_table %}{{ stats_table(rows, true) }}'
MINI = load_rubric(TEST_RUBRICS_DIR / "mini-company" / "v1.yaml").rubric
OHS03 = MINI.kpis[0]


def _computed(db_session: Session) -> ReviewWorld:
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    return world


def _row(page: str, label: str) -> str:
    return next(r for r in page.split("<tr>") if label in r)


def test_each_rate_shows_its_unit_and_the_200k_line_only_for_another_basis(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _computed(db_session)
    # The secretariat sees every figure (a member of a group of 5 sees no pooled figure
    # and no count: test_benchmark_disclosure).
    auth.login(world.secretariat.email)
    url = f"/benchmarks/organisations/{world.companies[0].id}"
    page = client.get(url).get_data(as_text=True)
    assert "计量单位" in page
    ohs03 = _row(page, "OHS-03")  # per million hours first: the 200,000 h figure differs
    assert "<td>起/百万工时</td>" in ohs03  # the unit every output writes (qa71)
    assert "每20万工时 0.2" in ohs03
    assert "<td>次/年</td>" in _row(page, "CA-01")
    client.get("/lang/en")
    english = client.get(url).get_data(as_text=True)
    assert "<td>cases per million hours worked</td>" in _row(english, "OHS-03")


def test_a_rate_per_200k_hours_first_shows_its_pooled_figure_once(app: Flask) -> None:
    ps02 = OHS03.model_copy(update={"bases": (Basis.PER_200K_HOURS, Basis.PER_1M_HOURS)})
    # quartiles, then the pooled figure and the same per 200,000 h (its first basis)
    figures = [Decimal(text) for text in ("0.064", "0.12", "0.13", "0.098", "0.098")]
    stats = MetricStats("kpi:OHS-03", 5, *figures)
    with app.test_request_context():
        metric = pages.metric_of_kpi(MINI, ps02, "zh")
        assert (metric.unit, metric.shows_200k) == ("起/20万工时", False)
        # The macro reads a stored row's fields: the computed statistics have them all.
        own, rank = Decimal("0.064"), Decimal("80.0")
        row = pages.PositionRow(metric, own, rank, stats)  # type: ignore[arg-type]
        html = app.jinja_env.from_string(STATS_TABLE).render(rows=[row])
    assert html.count("0.098") == 1
    assert html.count("20万工时") == 1  # the unit cell, no second line


def test_the_position_page_explains_percentiles_with_ties(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _computed(db_session)
    auth.login(world.members[0].email)
    url = f"/benchmarks/organisations/{world.companies[0].id}"
    page = client.get(url).get_data(as_text=True)
    assert "数值相同的成员（含本单位自己）各计一半；100 为最好" in page
    assert "全组数值相同为 50" in page
    assert '<td class="num">50</td>' in page  # all five alike, a whole percentile
    client.get("/lang/en")
    english = client.get(url).get_data(as_text=True)
    assert "members with the same value (you included) count half. 100 is best" in english


def test_the_pages_name_the_year_and_say_when_the_newest_has_no_statistics(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _computed(db_session)
    newer = make_cycle(year=2026)  # opened, nothing computed: the pages open on 2025
    db_session.commit()
    auth.login(world.members[0].email)
    url = f"/benchmarks/organisations/{world.companies[0].id}"
    page = client.get(url).get_data(as_text=True)
    assert "<h1>对标 · " in page
    assert " · 2025 年度</h1>" in page
    assert "2026 年度本单位还没有对标数据（本单位尚未提交该年度的自评）" in page
    assert "本页显示有对标数据的 2025 年度" in page
    assert f'href="{url}?cycle={newer.id}">查看 2026 年度</a>' in page
    asked = client.get(url, query_string={"cycle": world.cycle.id}).get_data(as_text=True)
    assert "还没有对标数据" not in asked
    newest = client.get(url, query_string={"cycle": newer.id}).get_data(as_text=True)
    assert " · 2026 年度</h1>" in newest
    assert "还没有对标数据" not in newest
    client.get("/lang/en")
    english = client.get(url).get_data(as_text=True)
    assert "has no benchmark figures for 2026 yet (it has not submitted" in english
    assert " · Year 2025</h1>" in english
    auth.logout()
    auth.login(world.lead.email)
    group = client.get(f"/benchmarks/groups/{world.group.id}").get_data(as_text=True)
    assert " · Year 2025</h1>" in group
    assert f"/benchmarks/groups/{world.group.id}?cycle={newer.id}" in group


def test_unticking_every_kpi_says_the_defaults_are_shown(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _computed(db_session)
    auth.login(world.lead.email)
    url = f"/benchmarks/groups/{world.group.id}"
    page = client.get(url, query_string={"kpi_form": "1"}).get_data(as_text=True)
    assert "未选择任何绩效指标，显示默认指标。" in page
    assert "OHS-03" in page  # the default KPIs
    assert "未选择任何绩效指标" not in client.get(url).get_data(as_text=True)
    chosen = client.get(url, query_string={"kpi_form": "1", "kpi": "CA-01"})
    assert "未选择任何绩效指标" not in chosen.get_data(as_text=True)
    client.get("/lang/en")
    english = client.get(url, query_string={"kpi_form": "1"}).get_data(as_text=True)
    assert "No KPI was selected, so the default KPIs are shown." in english
