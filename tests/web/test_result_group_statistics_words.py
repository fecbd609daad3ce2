"""The result page says why the group has no statistics as the benchmark pages say it.

The KPI ladder's median rung and the star conditions compared with the working group gave
reasons of their own ("no group statistics yet"), while the benchmark pages gave the one
true reason (peer_groups.no_statistics_text). Now both read alike, in zh and en, and the
result page links the organisation's benchmark page where it gives that reason.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.group_stats_hook import missing_stats_of
from rcapp.assessments.models import AssessmentStatus
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.views.gate_words import GateWords
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.cycles.models import CycleStatus
from rcapp.reports import documents
from rcapp.scoring import Gate, GateKind, GatePart, PartState
from tests.conftest import AuthActions
from tests.factories import FULL_KPIS, make_cycle
from tests.factories_reviews import ReviewWorld, make_review_world
from tests.pdf_tools import needs_poppler, pdf_text
from tests.web.test_gate_words import CARD
from tests.web.test_gate_words import RUBRIC as COMPANY


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


# The benchmark pages' reasons (peer_groups.no_statistics_text), as the rungs give them.
REASON_TOO_SMALL = {
    "zh": "4 家成员，其中 4 家有对标数据，不足 5 家，不显示组统计",
    "en": "4 members, 4 with benchmark data: fewer than 5, so no group statistics are shown",
}
REASON_NOT_COMPUTED = {
    "zh": "本年度的对标数据尚未计算，不显示组统计；秘书处计算后显示",
    "en": "This year's benchmarks are not computed yet, so no group statistics are shown",
}
TOO_SMALL = {
    "zh": f"无法与同组中位数比较：{REASON_TOO_SMALL['zh']}；",
    "en": REASON_TOO_SMALL["en"],
}
NOT_COMPUTED = {
    "zh": f"无法与同组中位数比较：{REASON_NOT_COMPUTED['zh']}；",
    "en": REASON_NOT_COMPUTED["en"],
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


# The "如何提高" column of a rung judged without statistics: the reason in a few words, not
# "once group statistics are published" (which, for a group too small, may never happen).
RAISE_TOO_SMALL = {
    "zh": "优于同组中位数也可，但目前没有同组统计（同组仅 4 家有对标数据，至少需 5 家）。",
    "en": "there are no group statistics now (only 4 group members have benchmark data; "
    "at least 5 are needed).",
}
RAISE_NOT_COMPUTED = {
    "zh": "优于同组中位数也可，但目前没有同组统计（同组统计尚未计算）。",
    "en": "there are no group statistics now (the group statistics are not computed yet).",
}
PUBLISHED = {"zh": "同组统计发布后", "en": "once group statistics are published"}


def _to_raise(row: str) -> str:
    return row[row.rindex('data-label="') :]  # the row's last cell: how to raise the rung


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("members", [4, 5])
def test_how_to_raise_a_rung_says_why_the_group_has_no_statistics(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, members: int
) -> None:
    world = _world(members)
    if members == 4:  # computed, too small; 5: never computed
        compute_benchmarks(world.cycle, None)
    db_session.commit()
    _open(client, auth, world, lang)
    to_raise = _to_raise(_ladder_row(client, world, "OHS-03"))
    assert (RAISE_TOO_SMALL if members == 4 else RAISE_NOT_COMPUTED)[lang] in to_raise
    assert PUBLISHED[lang] not in to_raise


# The star conditions compared with the working group, worded with the reason the reader
# gives for the year (a group of 4, computed), as the result page and the PDF word them.
MEDIAN = Gate(
    GateKind.KPI_VS_GROUP_MEDIAN,
    False,
    "",
    "OHS-03,PS-02",
    parts=(GatePart("OHS-03", PartState.NOT_MET), GatePart("PS-02", PartState.NO_STATISTICS)),
)
QUARTILE = Gate(
    GateKind.KPIS_TOP_QUARTILE,
    False,
    "",
    None,
    Decimal(2),
    Decimal(1),
    (GatePart("OHS-03", PartState.MET), GatePart("PS-02", PartState.NO_STATISTICS)),
)
GATES = {
    "zh": (
        "未达到工作组汇总中位数：OHS-03 员工损失工时伤害率；无法与工作组汇总中位数比较："
        "PS-02 一级工艺安全事件率（4 家成员，其中 4 家有对标数据，不足 5 家，不显示组统计）",
        "1 项核心指标位于前四分之一（要求 2 项）；其余核心指标无法判定"
        "（4 家成员，其中 4 家有对标数据，不足 5 家，不显示组统计）",
    ),
    "en": (
        "Cannot be compared with the working group’s pooled median: PS-02 Tier 1 process "
        "safety event rate (4 members, 4 with benchmark data: fewer than 5, so no group "
        "statistics are shown)",
        "Core KPIs in the top quartile: 1 (required: 2); the other core KPIs cannot be judged "
        "(4 members, 4 with benchmark data: fewer than 5, so no group statistics are shown)",
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_conditions_compared_with_the_group_give_the_same_reason(
    app: Flask, db_session: Session, lang: str
) -> None:
    world = make_review_world(4)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    with app.test_request_context(), force_locale("zh_CN" if lang == "zh" else "en"):
        missing = missing_stats_of(world.assessments[0], world.members[0])
        assert missing.linked
        words = GateWords(COMPANY, CARD, lang, 2025, missing=missing.words)
        median, quartile = words.gate(MEDIAN), words.gate(QUARTILE)
        outsider = missing_stats_of(world.assessments[0], world.members[1])
    assert GATES[lang][0] in median.text
    assert GATES[lang][1] == quartile.text
    assert median.page == quartile.page == "benchmarks"  # the page links the benchmark page
    assert not outsider.linked  # another company may not open this one's benchmark page


@needs_poppler
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_scorecard_pdf_gives_the_reason_of_the_result_page(
    app: Flask, db_session: Session, lang: str
) -> None:
    world = _world(4)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    with app.test_request_context():
        text = "".join(pdf_text(documents.scorecard_pdf(world.assessments[0], lang)).split())
    # the ladder's words, as the result page's; the PDF's lines break anywhere
    assert "".join(TOO_SMALL[lang].split()) in text
