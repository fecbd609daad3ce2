"""Annual figures follow peer review: final ratings, finished reviews, per-group progress."""

from __future__ import annotations

import io
from collections.abc import Iterator

import openpyxl
import pytest
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments.models import SnapshotKind
from rcapp.assessments.queries import rubric_of
from rcapp.reports.data_annual import build_annual_data
from rcapp.reports.documents import annual_workbook
from rcapp.reports.source import scorecard_for
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewKind
from tests.factories import make_working_group
from tests.factories_reviews import make_review_world, reviewers_of
from tests.integration.reports.test_scorecard_peer import _finalised


@pytest.fixture(autouse=True)
def _chinese(db_session: Session) -> Iterator[None]:
    with force_locale("zh_CN"):
        yield


def test_final_ratings_and_finished_reviews_are_counted(db_session: Session) -> None:
    world = make_review_world(5)
    review = _finalised(world)  # assigns all five, finalises the first
    final = scorecard_for(review.assessment, rubric_of(review.assessment))
    self_stars = scorecard_for(world.assessments[1], rubric_of(world.assessments[1]))
    assert final.kind is SnapshotKind.FINAL
    assert final.card.rating.stars != self_stars.card.rating.stars  # peer review lifts a star

    data = build_annual_data(world.cycle, "zh")
    participation = {c.label: c.count for c in data.participation}
    assert participation["已提交自评"] == 5
    assert participation["同行评审中"] == 4
    assert participation["完成同行评审"] == 1
    stars = {c.label: c.count for c in data.star_distribution}
    assert stars[f"{final.card.rating.stars} 星"] == 1
    assert stars[f"{self_stars.card.rating.stars} 星"] == 4
    first = next(o for o in data.organisations if o.credit_code == world.companies[0].credit_code)
    assert (first.final, first.in_review, first.stars) == (True, False, final.card.rating.stars)

    (group,) = [g for g in data.groups if g.group == world.group.display_name("zh")]
    assert (group.members, group.started, group.submitted, group.in_review, group.final) == (
        5,
        5,
        5,
        4,
        1,
    )


def test_the_workbook_has_the_groups_progress_sheet(db_session: Session) -> None:
    world = make_review_world(5)
    review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0)[:1], world.lead
    )
    book = openpyxl.load_workbook(io.BytesIO(annual_workbook(world.cycle, "zh")))
    sheet = book["工作组评审进展"]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    assert "所以各组之和可大于组织数" in str(rows[0][0])  # the note on the overlap, above
    assert rows[1] == (
        "工作组",
        "成员数",
        "已开始自评",
        "已提交自评",
        "未指派评审员",
        "同行评审中",
        "完成同行评审",
    )
    assert (world.group.display_name("zh"), 5, 5, 5, 4, 1, 0) in rows


def test_english_stages_read_as_states(db_session: Session) -> None:
    # "Start self-assessment" / "Submit self-assessment" read as buttons, not as counts.
    world = make_review_world(2)
    book = openpyxl.load_workbook(io.BytesIO(annual_workbook(world.cycle, "en")))
    header = list(book["Group review progress"].iter_rows(max_row=2, values_only=True))[1]
    assert header[2:4] == ("Self-assessment started", "Self-assessment submitted")
    stages = [row[0] for row in book["Participation"].iter_rows(values_only=True)]
    assert "Self-assessment started" in stages
    assert "Self-assessment submitted" in stages
    # the year is open: the workbook says its figures are provisional above the header
    # (under the internal marking of row 1, qa46 D4)
    note = list(book["Organisation scores"].iter_rows(max_row=2, values_only=True))[1][0]
    assert "Provisional: the year is still open; figures may change" in str(note)


def test_a_review_counts_in_each_group_of_its_company_and_the_total_counts_once(
    db_session: Session,
) -> None:
    # QA17 S8: the groups' members added up to 21 against 14 organisations with no total and
    # no note. The review of a company in two groups counts in both, as the year page's
    # table (reviews.group_figures, the one count) and both groups' review pages list it;
    # the note says so, and the total counts it once.
    world = make_review_world(5)
    other = make_working_group(name_zh="污染防治工作组")
    other.organisations.append(world.companies[0])
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0)[:1], world.lead
    )
    assert review.working_group_id == world.group.id  # run by the lead's group
    data = build_annual_data(world.cycle, "zh")
    groups = {g.group: g for g in data.groups}
    ran, member_only = groups[world.group.display_name("zh")], groups["污染防治工作组"]
    assert (ran.members, ran.in_review) == (5, 1)
    assert (member_only.members, member_only.submitted, member_only.in_review) == (1, 1, 1)
    assert data.groups_total is not None
    total = data.groups_total
    assert (total.members, total.submitted, total.in_review, total.final) == (5, 5, 1, 0)

    book = openpyxl.load_workbook(io.BytesIO(annual_workbook(world.cycle, "zh")))
    rows = list(book["工作组评审进展"].iter_rows(values_only=True))
    assert rows[-1] == ("合计（每个组织只计一次）", 5, 5, 5, 4, 1, 0)
    assert "在其所属的每个工作组中都计入" in str(rows[0][0])


def test_a_closed_year_counts_the_reviews_its_close_froze_apart(db_session: Session) -> None:
    """QA31 D2: after the close an unfinished review can never finish: not "in peer review"."""
    from rcapp.cycles.models import CycleStatus
    from rcapp.db import utcnow

    world = make_review_world(5)
    _finalised(world)  # assigns all five, finalises the first
    world.cycle.status = CycleStatus.CLOSED
    world.cycle.closed_at = utcnow()
    db_session.flush()
    data = build_annual_data(world.cycle, "zh")
    participation = {c.label: c.count for c in data.participation}
    assert participation["同行评审中"] == 0
    assert participation["同行评审未完成（年度关闭时冻结）"] == 4
    assert participation["完成同行评审"] == 1
    (group,) = [g for g in data.groups if g.group == world.group.display_name("zh")]
    assert (group.in_review, group.frozen, group.final) == (0, 4, 1)
    book = openpyxl.load_workbook(io.BytesIO(annual_workbook(world.cycle, "zh")))
    rows = [tuple(c.value for c in row) for row in book["工作组评审进展"].iter_rows()]
    assert rows[1][4:7] == ("未指派评审员", "同行评审中", "同行评审未完成（年度关闭时冻结）")
    assert (world.group.display_name("zh"), 5, 5, 5, 0, 0, 4, 1) in rows


def test_an_open_year_has_no_frozen_count(db_session: Session) -> None:
    world = make_review_world(2)
    data = build_annual_data(world.cycle, "zh")
    assert "同行评审未完成（年度关闭时冻结）" not in {c.label for c in data.participation}
