"""The section tables read the group's figures of the same moment as the main table's rows.

They were worked out from every member listed, a member who submitted after the last
computation included, while the P25, median and P75 rows under the main table are the
computation's: the same section showed two medians. Now both are the computation's; a later
member is listed with its score, neither counted nor placed, and the page says when the
figures were computed.
"""

from __future__ import annotations

import html
import io
import re

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from rcapp.assessments.validation import ItemInput
from rcapp.benchmarks import queries
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.benchmarks.shown import metric_figure
from rcapp.benchmarks.stats import GroupKind
from rcapp.organisations.models import Organisation
from rcapp.reviews.group_compare import compare_group
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_user
from tests.factories_reviews import ReviewWorld, make_review_world, submitted

WORDS = {
    "zh": {
        "summary": "按 {n} 家成员的得分：P25 {p25}，中位数 {median}，P75 {p75}。",
        "at": "各板块的统计于 ",
        "later": "1 家成员在统计计算之后提交，列出其板块得分，未计入统计：{name}。",
        "row": "统计计算后提交，未计入统计",
    },
    "en": {
        "summary": "From {n} members' scores: P25 {p25}, median {median}, P75 {p75}.",
        "at": "The section figures were computed on ",
        # no full stop of its own: an English name may end with one ("Co., Ltd.")
        "later": "1 member submitted after the figures were computed, listed with its "
        "section scores and not counted: {name}<",
        "row": "Submitted after the figures were computed, not counted",
    },
}


def _world(db_session: Session) -> tuple[ReviewWorld, Organisation]:
    """Five members with spread management-system scores, computed; then one at level 0."""
    spread = {i: {"MS.G1.1": ItemInput(level=str(i % 5), evidence_note="记录")} for i in range(5)}
    world = make_review_world(5, overrides=spread)
    compute_benchmarks(world.cycle, None)
    late = make_organisation(name_zh="迟交化工有限公司", name_en="Late Chemicals")
    world.group.organisations.append(late)
    low = {"MS.G1.1": ItemInput(level="0", evidence_note="记录")}
    submitted(late, world.cycle, make_user(late), low)  # after the computation
    db_session.commit()
    return world, late


def _section(page: str, title: str) -> str:
    found = re.search(rf">{re.escape(title)}</h3>(.*?)(?:<h3|</section>)", page, re.S)
    assert found is not None, title
    return found.group(1)


@pytest.mark.parametrize(("lang", "title"), [("zh", "管理体系"), ("en", "Management system")])
def test_the_section_figures_are_the_stored_ones_and_the_later_member_is_not_counted(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, title: str
) -> None:
    world, late = _world(db_session)
    stored = queries.stats_of(world.cycle.id, GroupKind.WORKING_GROUP, str(world.group.id))
    ms = stored["section:MS"]
    assert ms.members == 5
    auth.login(world.lead.email)
    auth.choose_language(lang)
    page = html.unescape(
        client.get(f"/benchmarks/groups/{world.group.id}?cycle={world.cycle.id}").get_data(
            as_text=True
        )
    )
    words = WORDS[lang]
    table = _section(page, title)
    figures = {
        "p25": metric_figure(ms.first_quartile, None),
        "median": metric_figure(ms.median, None),
        "p75": metric_figure(ms.third_quartile, None),
    }
    assert words["summary"].format(n=5, **figures) in table
    assert words["later"].format(name=late.display_name(lang)) in table
    assert words["at"] in page
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', table, re.S))
    later_row = rows[late.display_name(lang)]
    assert words["row"] in later_row
    assert "/ 5" not in later_row  # no place
    assert any("1 / 5" in row for row in rows.values())  # the counted ones are placed of 5


def test_the_workbook_counts_the_same_members_and_names_the_later_one(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, late = _world(db_session)
    auth.login(world.lead.email)
    response = client.get(
        f"/reports/working-groups/{world.group.id}/side-by-side.xlsx?cycle={world.cycle.id}"
    )
    book = load_workbook(io.BytesIO(response.data))
    figures = [r for r in book["板块统计"].iter_rows(values_only=True) if r[0] == "管理体系"]
    assert figures[0][1] == 5  # the members counted, as stored
    assert late.name_zh in str(figures[0][6])
    standing = [r for r in book["板块位置"].iter_rows(values_only=True) if r[1] == late.name_zh]
    assert all(r[4] is None and r[5] == WORDS["zh"]["row"] for r in standing)


def test_the_overall_score_quartiles_count_the_same_members_as_the_stored_ones(
    db_session: Session,
) -> None:
    world, late = _world(db_session)
    data = compare_group(world.group, world.cycle, [], "zh").data
    assert late.id in {n.id for n in data.names}  # listed
    overall = data.overall_stats()
    assert overall is not None
    assert overall.members == 5  # not counted, as in every stored figure
