"""The lead's side-by-side table: each member's percentile in the group, by the member page's rule.

The overall self score and each KPI shown get a 百分位 column (page and workbook); a member
reads the same KPI percentile on its own benchmark page. Below the minimum group size the
column header says why it is empty. Only the group's leads and the secretariat see it.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.assessments.validation import ItemInput
from rcapp.benchmarks.ranks import GroupRanks
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.benchmarks.shown import percentile_text
from rcapp.benchmarks.stats import percentile_rank
from rcapp.rubrics.model import Direction
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user, make_working_group
from tests.factories_reviews import ReviewWorld, make_review_world

WORDS = {
    "zh": ("百分位（自评得分）", "百分位（OHS-03", "同组仅 4 家有对标数据，至少需 5 家"),
    "en": ("Percentile (Self score)", "Percentile (OHS-03", "only 4 group members"),
}


def _world(n: int) -> ReviewWorld:
    levels = {i: {"MS.G1.1": ItemInput(level=str(i), evidence_note="记录")} for i in range(n)}
    return make_review_world(n, overrides=levels)


def _row_of(page: str, name: str) -> str:
    return next(row.split("</tr>")[0] for row in page.split("<tr")[1:] if name in row)


def _rank_cells(row: str) -> list[str]:
    return re.findall(r'<td class="num rank" data-label="[^"]*">([^<]*)</td>', row)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_member_has_its_groups_percentile_beside_the_score_and_each_kpi(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = _world(5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    scores = [Decimal(a.overall_score or 0) for a in world.assessments]
    assert len(set(scores)) > 1
    auth.login(world.lead.email)
    auth.choose_language(lang)
    url = f"/benchmarks/groups/{world.group.id}?cycle={world.cycle.id}&kpi=OHS-03"
    page = client.get(url).get_data(as_text=True)
    head = page[page.index('<table class="compare">') : page.index("</thead>")]
    assert head.count("百分位" if lang == "zh" else "Percentile") == 2  # the score's, OHS-03's
    assert ("（越低越好）" if lang == "zh" else "(lower is better)") in head  # OHS-03: LTIF
    kpi_ranks = {}
    for company, score in zip(world.companies, scores, strict=True):
        overall, kpi = _rank_cells(_row_of(page, company.display_name(lang)))
        assert overall == percentile_text(percentile_rank(score, scores, Direction.HIGHER))
        kpi_ranks[company.id] = kpi
    best = world.companies[scores.index(max(scores))]
    assert _rank_cells(_row_of(page, best.display_name(lang)))[0] == "90"  # alone the best of 5
    # The member's own (anonymised) page gives the same KPI percentile, by the same function.
    member = world.members[0]
    client.get("/logout")
    auth.login(member.email)
    auth.choose_language(lang)
    own = client.get(f"/benchmarks/organisations/{world.companies[0].id}").get_data(as_text=True)
    section = own[own.index(world.group.display_name(lang)) :]
    ohs = next(r for r in section.split("<tr")[1:] if "OHS-03" in r)
    assert re.findall(r'<td class="num">([^<]*)</td>', ohs)[1] == kpi_ranks[world.companies[0].id]
    # Anonymised: another member's name is nowhere on it.
    for other in world.companies[1:]:
        assert other.display_name(lang) not in own

    # The workbook has the same columns and figures.
    client.get("/logout")
    auth.login(world.lead.email)
    auth.choose_language(lang)
    got = client.get(
        f"/reports/working-groups/{world.group.id}/side-by-side.xlsx?cycle={world.cycle.id}&kpi=OHS-03"
    )
    rows = list(load_workbook(io.BytesIO(got.data)).worksheets[0].iter_rows(values_only=True))
    header = next(r for r in rows if r[0] in ("单位", "Organisation"))
    assert header[2] == WORDS[lang][0]
    assert str(header[-1]).startswith(WORDS[lang][1])
    for company, score in zip(world.companies, scores, strict=True):
        row = next(r for r in rows if r[0] == company.display_name(lang))
        assert row[2] == int(percentile_text(percentile_rank(score, scores, Direction.HIGHER)))
        assert str(row[-1]) == kpi_ranks[company.id]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_below_the_minimum_size_the_column_says_why_it_is_empty(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = _world(4)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    auth.choose_language(lang)
    page = client.get(f"/benchmarks/groups/{world.group.id}").get_data(as_text=True)
    head = page[page.index('<table class="compare">') : page.index("</thead>")]
    why = re.findall(r'<span class="help rank-why">([^<]*)</span>', head)
    assert why
    assert all(WORDS[lang][2] in w for w in why)
    for company in world.companies:
        assert set(_rank_cells(_row_of(page, company.display_name(lang)))) == {"—"}
    got = client.get(f"/reports/working-groups/{world.group.id}/side-by-side.xlsx")
    rows = list(load_workbook(io.BytesIO(got.data)).worksheets[0].iter_rows(values_only=True))
    header = next(r for r in rows if r[0] in ("单位", "Organisation"))
    assert WORDS[lang][2] in str(header[2])


def test_a_lower_is_better_kpi_ranks_the_lowest_value_best() -> None:
    ranks = GroupRanks(
        {"kpi:X": [Decimal(1), Decimal(2), Decimal(3), Decimal(4), Decimal(5)]},
        {"kpi:X": Direction.LOWER},
    )
    assert ranks.rank("kpi:X", Decimal(1)) == Decimal(90)
    assert ranks.rank("kpi:X", Decimal(5)) == Decimal(10)
    assert ranks.rank("kpi:Y", Decimal(1)) is None  # no statistics: no percentile


def test_a_member_or_another_groups_lead_cannot_see_the_table_nor_its_workbook(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(5)
    compute_benchmarks(world.cycle, None)
    other_lead = make_user(make_organisation())
    make_group_role(other_lead, make_working_group(), GroupRole.LEAD)
    db_session.commit()
    urls = (
        f"/benchmarks/groups/{world.group.id}",
        f"/reports/working-groups/{world.group.id}/side-by-side.xlsx",
    )
    for user in (world.members[0], other_lead):
        auth.login(user.email)
        for url in urls:
            assert client.get(url).status_code == 403, (user.email, url)
        client.get("/logout")
