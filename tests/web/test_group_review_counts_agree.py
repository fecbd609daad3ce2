"""The workbook's 工作组评审进展 and the year page's 各工作组的同行评审 count alike, per group.

They counted differently: the workbook put a peer review only under the group that runs it
and read the year's memberships; the page counted it in each group of its company and read
today's memberships. Both now read reviews.group_figures.year_group_figures, so every
group's row is the same in both, open and closed, in Chinese and in English.
"""

from __future__ import annotations

import html
import io
import re

import openpyxl
import pytest
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments import services as assessment_services
from rcapp.cycles.services import close_cycle
from rcapp.organisations.models import WorkingGroup
from rcapp.reports.documents import annual_workbook
from rcapp.reviews import services as review_services
from rcapp.reviews import settling
from rcapp.reviews.group_figures import group_review_figures
from rcapp.reviews.models import ReviewKind
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_user, make_working_group
from tests.factories_reviews import (
    ReviewWorld,
    make_review_world,
    reviewers_of,
    submit_and_finalise,
)

LOCALES = {"zh": "zh_CN", "en": "en"}


def _year(session: Session) -> tuple[ReviewWorld, WorkingGroup]:
    """Six companies in the group, three of them in another group too; reviews in each state.

    0 final · 1 final, appeal not decided · 2 appeal upheld, reviewed again · 3 in review ·
    4 and 5 submitted, no reviewer; and a member of the other group with a draft only.
    """
    world = make_review_world(6)
    other = make_working_group(name_zh="储运安全工作组", name_en="Storage Group")
    other.organisations.extend([world.companies[0], world.companies[3], world.companies[5]])
    drafting = make_organisation()
    other.organisations.append(drafting)
    assessment_services.get_or_start_assessment(drafting, world.cycle, make_user(drafting))
    reviews = [
        review_services.assign_reviewers(
            world.assessments[i], ReviewKind.DESK, reviewers_of(world, i), world.lead
        )
        for i in range(4)
    ]
    for review in reviews[:3]:
        submit_and_finalise(review, world.lead)
    for i in (1, 2):
        review = reviews[i]
        assert review.appeal_until is not None
        appeal = settling.file_appeal(review, "评级有误", review.appeal_until, world.members[i])
        if i == 2:
            settling.decide_appeal(appeal, True, "请组长重新裁定", world.secretariat)
    session.commit()
    return world, other


def _page_rows(client: FlaskClient, world: ReviewWorld, lang: str) -> dict[str, list[int]]:
    """Each group's numbers on the year page, by the group's name in `lang`."""
    client.get(f"/lang/{LOCALES[lang]}")
    page = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    start = page.index('id="group-reviews"')
    table = page[start : page.index("</table>", start)]
    rows = {}
    for row in table.split("<tr data-group=")[1:]:
        name = html.unescape(re.search(r'<th scope="row">([^<]+)<br>', row).group(1))  # type: ignore[union-attr]
        rows[name] = [int(n) for n in re.findall(r'data-count="(\d+)"', row)]
    return rows


def _workbook_rows(world: ReviewWorld, lang: str) -> dict[str, list[int]]:
    """Each group's row of the workbook's review-progress sheet, from 已提交自评 on."""
    with force_locale(LOCALES[lang]):
        book = openpyxl.load_workbook(io.BytesIO(annual_workbook(world.cycle, lang)))
    sheet = book.worksheets[-1]
    assert sheet.title in ("工作组评审进展", "Group review progress")
    found = list(sheet.iter_rows(values_only=True))
    at = next(i for i, row in enumerate(found) if isinstance(row[1], str))  # the header
    return {str(row[0]): [int(n) for n in row[3:]] for row in found[at + 1 : -1]}


def _agree(client: FlaskClient, world: ReviewWorld, groups: list[WorkingGroup]) -> None:
    for lang in LOCALES:
        page, book = _page_rows(client, world, lang), _workbook_rows(world, lang)
        assert set(page) == set(book) == {g.display_name(lang) for g in groups}
        for name, numbers in page.items():
            assert book[name] == numbers, (lang, name)


def test_the_workbook_row_of_each_group_is_the_year_pages_row(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, other = _year(db_session)
    figures = {row.group.id: row for row in group_review_figures(world.cycle.id)}
    mine, theirs = figures[world.group.id], figures[other.id]
    # submitted, no reviewer, in review (incl. reviewed again), finished (incl. appealed)
    assert (mine.submitted, mine.not_reviewed, mine.in_review, mine.final) == (6, 2, 2, 2)
    # a review counts in each group of its company: 0 final, 3 in review, 5 no reviewer
    assert (theirs.members, theirs.started, theirs.submitted) == (4, 4, 3)
    assert (theirs.not_reviewed, theirs.in_review, theirs.final) == (1, 1, 1)
    auth.login(world.secretariat.email)
    _agree(client, world, [world.group, other])

    # Closed, then a company moves group: both keep the year's groups, and the frozen column.
    close_cycle(world.cycle, world.secretariat)
    other.organisations.remove(world.companies[0])
    db_session.commit()
    figures = {row.group.id: row for row in group_review_figures(world.cycle.id)}
    assert (figures[other.id].frozen, figures[other.id].final) == (1, 1)
    assert (figures[world.group.id].in_review, figures[world.group.id].frozen) == (0, 2)
    _agree(client, world, [world.group, other])


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "与年度页面“各工作组的同行评审”和各组“评审安排”页相同"),
        ("en", "as on the year page's “Peer reviews by working group”"),
    ],
)
def test_the_sheet_says_it_counts_as_the_year_page(
    db_session: Session, lang: str, said: str
) -> None:
    world, _other = _year(db_session)
    with force_locale(LOCALES[lang]):
        book = openpyxl.load_workbook(io.BytesIO(annual_workbook(world.cycle, lang)))
    notes = [str(row[0]) for row in book.worksheets[-1].iter_rows(max_row=3, values_only=True)]
    assert any(said in note for note in notes)
