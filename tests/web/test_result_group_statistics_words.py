"""The result page says why the group has no statistics as the benchmark pages say it.

The KPI ladder's median rung and the star conditions compared with the working group gave
reasons of their own ("no group statistics yet"), while the benchmark pages gave the one
true reason (peer_groups.no_statistics_text). Now both read alike, in zh and en, and the
result page links the organisation's benchmark page where it gives that reason.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import AssessmentStatus
from rcapp.assessments.queries import rubric_of
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.cycles.models import CycleStatus
from tests.conftest import AuthActions
from tests.factories import FULL_KPIS, make_cycle
from tests.factories_reviews import ReviewWorld, make_review_world


def _world(members: int) -> ReviewWorld:
    """A working group of `members` companies; the first has reported KPIs 3 years in a row."""
    world = make_review_world(members)
    company, member = world.companies[0], world.members[0]
    earliest = services.get_or_start_assessment(company, make_cycle(year=2023), member)
    services.save_kpi_inputs(earliest, rubric_of(earliest), FULL_KPIS, member)
    earliest.status = AssessmentStatus.SUBMITTED
    earliest.cycle.status = CycleStatus.CLOSED
    # submitted again, so its result is scored with the three years
    services.return_assessment(world.assessments[0], "2023 年度数据已补充", world.secretariat)
    services.submit_assessment(world.assessments[0], member)
    return world


def _ladder_row(client: FlaskClient, world: ReviewWorld, kpi_id: str) -> str:
    page = client.get(f"/assessments/{world.assessments[0].id}/result").get_data(as_text=True)
    table = page[page.index('id="kpi-ladder"') :]
    at = table.index(f'<span class="item-id">{kpi_id}</span>')
    return html.unescape(table[at : table.index("</tr>", at)])


def _open(client: FlaskClient, auth: AuthActions, world: ReviewWorld, lang: str) -> None:
    auth.login(world.members[0].email)
    if lang == "en":
        client.get("/lang/en")


TOO_SMALL = {
    "zh": "无法与同组中位数比较：4 家成员，其中 4 家有对标数据，不足 5 家，不显示组统计；",
    "en": "4 members, 4 with benchmark data: fewer than 5, so no group statistics are shown",
}
NOT_COMPUTED = {
    "zh": "无法与同组中位数比较：本年度的对标数据尚未计算，不显示组统计；秘书处计算后显示；",
    "en": "This year's benchmarks are not computed yet, so no group statistics are shown",
}
VAGUE = {"zh": "尚无同组统计", "en": "no group statistics (median) yet"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_group_too_small_is_named_as_the_benchmark_page_names_it(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = _world(4)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    _open(client, auth, world, lang)
    row = _ladder_row(client, world, "OHS-03")
    assert TOO_SMALL[lang] in row
    assert VAGUE[lang] not in row
    link = f'href="/benchmarks/organisations/{world.companies[0].id}?cycle={world.cycle.id}"'
    assert link in row
    # the benchmark page it links gives the same reason
    benchmark = client.get(
        f"/benchmarks/organisations/{world.companies[0].id}?cycle={world.cycle.id}"
    )
    assert TOO_SMALL[lang].removeprefix("无法与同组中位数比较：").rstrip(
        "；"
    ) in benchmark.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_statistics_not_computed_yet_are_named_so(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = _world(5)  # submitted, the year's benchmarks never computed
    db_session.commit()
    _open(client, auth, world, lang)
    row = _ladder_row(client, world, "OHS-03")
    assert NOT_COMPUTED[lang] in row
    assert VAGUE[lang] not in row


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_median_present_is_written_as_the_benchmark_page_writes_it(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = _world(5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    _open(client, auth, world, lang)
    row = _ladder_row(client, world, "OHS-03")
    said = {"zh": "不优于同组中位数 1.00；", "en": "not better than the group median 1.00;"}
    assert said[lang] in row  # a rate's two decimals (kpi_text), not "1"
    assert "benchmarks-link" not in row
    page = client.get(f"/benchmarks/organisations/{world.companies[0].id}?cycle={world.cycle.id}")
    benchmark = page.get_data(as_text=True)
    at = benchmark.index('<th scope="row">OHS-03 ')
    cells = re.findall(
        r'<td class="num">([^<]*)</td>', benchmark[at : benchmark.index("</tr>", at)]
    )
    assert cells[-1] == "1.00"  # own, percentile, median (a member's view): the same figure
