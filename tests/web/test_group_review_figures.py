"""qa87 1: the year page says where each working group's peer reviews stand.

The secretariat, asked where the peer reviews stand per working group, had to open every
group's review page in turn (or the internal annual workbook): the year page counted the
reviews of the whole year only. Each group's numbers open the year's list filtered to that
group and review step, and say what the list then shows.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.cycles.models import CycleStatus, ReportingCycle
from rcapp.db import utcnow
from rcapp.organisations.models import Organisation, WorkingGroup
from rcapp.reviews.group_figures import group_review_figures
from rcapp.reviews.models import Review, ReviewKind, ReviewStatus
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_organisation, make_working_group, make_world


def _submitted(cycle: ReportingCycle, organisation: Organisation) -> Assessment:
    return make_assessment(
        organisation, cycle, status=AssessmentStatus.SUBMITTED, submitted_at=utcnow(), stars=1
    )


def _review(session: Session, assessment: Assessment, status: ReviewStatus) -> None:
    session.add(Review(assessment_id=assessment.id, kind=ReviewKind.DESK, status=status))
    session.flush()


def _year(session: Session) -> tuple[int, WorkingGroup, WorkingGroup]:
    """Group A: a finished review, one with no reviewer, a draft; B: the finished, one under way."""
    world = make_world()
    cycle = world.cycle
    first = make_working_group(name_zh="甲工作组", name_en="Group A")
    second = make_working_group(name_zh="乙工作组", name_en="Group B")
    both, waiting, running, drafting = (make_organisation() for _ in range(4))
    first.organisations.extend([both, waiting, drafting])
    second.organisations.extend([both, running])
    _review(session, _submitted(cycle, both), ReviewStatus.FINAL)
    _submitted(cycle, waiting)  # no reviewer yet
    _review(session, _submitted(cycle, running), ReviewStatus.IN_REVIEW)
    make_assessment(drafting, cycle)  # a draft counts nowhere
    session.commit()
    return cycle.id, first, second


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_each_group_counts_its_members_by_review_step(db_session: Session) -> None:
    cycle_id, first, second = _year(db_session)
    figures = {row.group.id: row for row in group_review_figures(cycle_id)}
    a, b = figures[first.id], figures[second.id]
    # an organisation in both groups counts in both, as both groups' review pages list it
    assert (a.submitted, a.not_reviewed, a.in_review, a.frozen, a.final) == (2, 1, 0, 0, 1)
    assert (b.submitted, b.not_reviewed, b.in_review, b.frozen, b.final) == (2, 0, 1, 0, 1)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh_CN", ["各工作组的同行评审", "未指派评审员", "评审进行中", "评审已完成", "甲工作组"]),
        ("en", ["Peer reviews by working group", "No reviewer", "In review", "Group A"]),
    ],
)
def test_the_year_page_lists_the_groups_and_each_number_opens_its_list(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: list[str]
) -> None:
    cycle_id, first, second = _year(db_session)
    secretary = make_world(year=2031).secretariat
    db_session.commit()
    auth.login(secretary.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/cycles/{cycle_id}").get_data(as_text=True)
    start = page.index('id="group-reviews"')
    table = page[start : page.index("</table>", start)]
    for said in words:
        assert said in _text(page)
    assert "冻结" not in table  # an open year freezes nothing
    assert "frozen" not in table
    rows = {
        group.id: table[table.index(f'data-group="{group.code}"') :].split("</tr>", 1)[0]
        for group in (first, second)
    }
    for group, review, count in (
        (first, "none", 1),
        (first, "final", 1),
        (second, "in_review", 1),
        (second, None, 2),
    ):
        step = f"&amp;review={review}" if review else ""
        query = f"status=submitted&amp;group={group.id}{step}"
        link = f"/cycles/{cycle_id}/organisations?{query}"
        assert f'href="{link}" data-count="{count}"' in rows[group.id]
        listed = client.get(html.unescape(link)).get_data(as_text=True)
        assert re.search(rf"(共 {count} 家|{count} organisations?)", _text(listed))
    # the group's own review page, for the year shown
    assert f"/reviews/groups/{first.id}?cycle={cycle_id}" in rows[first.id]


def test_a_closed_year_adds_the_reviews_frozen_unfinished(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle_id, _first, second = _year(db_session)
    cycle = db_session.get(ReportingCycle, cycle_id)
    assert cycle is not None
    cycle.status = CycleStatus.CLOSED
    secretary = make_world(year=2031).secretariat
    db_session.commit()
    figures = {row.group.id: row for row in group_review_figures(cycle_id)}
    assert (figures[second.id].in_review, figures[second.id].frozen) == (0, 1)
    auth.login(secretary.email)
    page = client.get(f"/cycles/{cycle_id}").get_data(as_text=True)
    table = page[page.index('id="group-reviews"') :]
    assert "未完成（年度关闭时冻结）" in table
    assert f"group={second.id}&amp;review=frozen" in table


@pytest.mark.parametrize(
    ("lang", "said"),
    [("zh_CN", "2025 年度各工作组的同行评审进展"), ("en", "Peer reviews by working group, 2025")],
)
def test_the_peer_review_page_points_the_secretariat_to_the_groups_at_a_glance(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, said: str
) -> None:
    """Her "Peer review" menu lists the groups one by one: it links the year's table too."""
    cycle_id, _first, _second = _year(db_session)
    secretary = make_world(year=2024).secretariat  # the newest year stays the one above
    db_session.commit()
    auth.login(secretary.email)
    client.get(f"/lang/{lang}")
    page = client.get("/reviews/").get_data(as_text=True)
    link = f'<a href="/cycles/{cycle_id}#group-reviews-heading">{said}</a>'
    assert link in page
