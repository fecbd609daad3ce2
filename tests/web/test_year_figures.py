"""QA17 S9: the year page counts peer reviews, final results and the star distribution.

Before, checking the annual report's participation and star tables meant counting the rows
of the organisations list by hand.
"""

from __future__ import annotations

import html
import re
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import event
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.cycles.models import CycleStatus, ReportingCycle
from rcapp.db import utcnow
from rcapp.reports import data_annual
from rcapp.reviews.models import Review, ReviewKind, ReviewStatus
from rcapp.reviews.year_figures import year_figures
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_final_stars, make_organisation, make_world


def _submitted(world_cycle: object, stars: int | None, **fields: object) -> Assessment:
    return make_assessment(
        make_organisation(),
        world_cycle,  # type: ignore[arg-type]
        status=AssessmentStatus.SUBMITTED,
        submitted_at=utcnow(),
        stars=stars,
        **fields,
    )


def _review(session: Session, assessment: Assessment, status: ReviewStatus) -> Review:
    review = Review(assessment_id=assessment.id, kind=ReviewKind.ONSITE, status=status)
    session.add(review)
    session.flush()
    return review


def _year(session: Session) -> int:
    """Six submitted results and a draft: 2 reviews in progress, 1 finished (final 4★)."""
    world = make_world()
    cycle = world.cycle
    three_a = _submitted(cycle, 3)
    _submitted(cycle, 3)
    two, reviewed = _submitted(cycle, 2), _submitted(cycle, 2)
    make_final_stars(reviewed, 4)  # the finished review's rating stands, not the self one
    _submitted(cycle, 5)
    unrated = _submitted(cycle, 1)
    make_final_stars(unrated, 0, rated=False)  # a prerequisite unmet: not rated
    make_assessment(make_organisation(), cycle, stars=None)  # a draft counts nowhere
    _review(session, three_a, ReviewStatus.IN_REVIEW)
    _review(session, two, ReviewStatus.IN_REVIEW)
    _review(session, reviewed, ReviewStatus.FINAL)
    session.commit()
    return cycle.id


def _as_secretary(
    db_session: Session, auth: AuthActions, client: FlaskClient, lang: str | None = None
) -> None:
    """Log in as the secretariat (of another year's world), reading the pages in `lang`."""
    secretary = make_world(year=2031).secretariat
    db_session.commit()
    auth.login(secretary.email)
    if lang is not None:
        client.get(f"/lang/{lang}")


def test_the_figures_count_reviews_final_results_and_stars(db_session: Session) -> None:
    cycle_id = _year(db_session)
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    engine = db_session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        figures = year_figures(cycle_id)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert (figures.reviews_in_progress, figures.reviews_finished) == (2, 1)
    assert figures.final_results == 2  # the reviewed one, and the unrated final
    # one order every year, every row (qa31 S7): 5★ .. 0★, then not rated
    assert figures.stars == ((5, 1), (4, 1), (3, 2), (2, 1), (1, 0), (0, 0))
    assert figures.not_rated == 1
    # aggregates, not one query per organisation (the fifth: final ratings lowered by
    # resubmitted data, one query over the year's final snapshots)
    assert len(statements) <= 5


def test_a_zero_star_result_is_listed_apart_from_not_rated(db_session: Session) -> None:
    world = make_world()
    _submitted(world.cycle, 0)
    db_session.commit()
    figures = year_figures(world.cycle.id)
    assert figures.stars[-1] == (0, 1)
    assert figures.not_rated == 0


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "zh_CN",
            [
                "本年度统计",
                "进行中 2 份 / 已完成 1 份",
                "2 份经同行评审确定的结果",
                "5 星 1 份 · 4 星 1 份 · 3 星 2 份 · 2 星 1 份 · 1 星 0 份 · 未达 1 星 0 份 · "
                "未评定 1 份",
                # QA46 S20: the zip holds scorecards, the glossary's word
                "已提交自评的评分卡（PDF 压缩包）",
            ],
        ),
        (
            "en",
            [
                "Figures of the year",
                "in progress 2 / finished 1",
                "2 results settled by peer review",
                "5-star: 1 · 4-star: 1 · 3-star: 2 · 2-star: 1 · 1-star: 0 · Below 1 star: 0 · "
                "not rated: 1",
                # enwords 4: the 0 row is rated, short of one star, and says so
                "“Below 1 star”: organisations that were rated (prerequisites met, no veto)",
                "by the star rating shown in the list (the final rating where there is one)",
                "Scorecards of submitted assessments (PDF, zipped)",
            ],
        ),
    ],
)
def test_the_year_page_shows_them_with_a_link_to_the_list(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: list[str]
) -> None:
    cycle_id = _year(db_session)
    _as_secretary(db_session, auth, client, lang)
    page = client.get(f"/cycles/{cycle_id}").get_data(as_text=True)
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page)))
    for said in words:
        assert said in text
    # qa19 S2: one plural-aware phrase, not "2 results results ..."; nothing frozen while open
    assert "results results" not in text
    start = page.index('id="figures-heading"')
    figures = page[start : page.index("</section>", start)]
    assert "冻结" not in figures
    assert "frozen" not in figures
    link = f"/cycles/{cycle_id}/organisations?status=submitted&amp;sort=stars&amp;order=desc"
    assert link in page


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh_CN", "2 份，经同行评审确定或在年度关闭时冻结"),
        (
            "en",
            "2 results, settled by peer review or frozen when the year was closed",
        ),
    ],
)
def test_a_closed_year_also_counts_the_frozen_results(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, said: str
) -> None:
    """qa19 S2: the frozen results are named for a closed year only."""
    cycle_id = _year(db_session)
    cycle = db_session.get(ReportingCycle, cycle_id)
    assert cycle is not None
    cycle.status = CycleStatus.CLOSED
    _as_secretary(db_session, auth, client, lang)
    page = client.get(f"/cycles/{cycle_id}").get_data(as_text=True)
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page)))
    assert said in text


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        ("zh", ["5 星", "4 星", "3 星", "2 星", "1 星", "未达 1 星", "未评定"]),
        ("en", ["5-star", "4-star", "3-star", "2-star", "1-star", "Below 1 star", "Not rated"]),
    ],
)
def test_the_page_and_the_annual_report_list_stars_in_one_order(
    app: Flask, db_session: Session, lang: str, labels: list[str]
) -> None:
    """qa31 S7: three orders for the same figures; now 5★ .. 0★, then not rated, every year.

    The annual workbook's and the report's tables and chart list `star_distribution` as is.
    """
    world = make_world()
    _submitted(world.cycle, 2)
    db_session.commit()
    assert [n for n, _count in year_figures(world.cycle.id).stars] == [5, 4, 3, 2, 1, 0]
    results = [SimpleNamespace(submitted=True, stars=n) for n in (2, 0, None, 1)]
    with app.test_request_context(), force_locale(lang):
        rows = data_annual._star_distribution(results, world.cycle)  # type: ignore[arg-type]
    assert [c.label for c in rows] == labels
    assert [c.count for c in rows] == [0, 0, 0, 1, 1, 1, 1]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh_CN", "进行中 0 份 / 已完成 1 份 / 未完成（年度关闭时冻结）2 份"),
        ("en", "in progress 0 / finished 1 / not finished (frozen at the close) 2"),
    ],
)
def test_a_closed_year_counts_its_unfinished_reviews_as_frozen_not_in_progress(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, said: str
) -> None:
    """QA31 D2: a review the close froze can never finish; it is not "in peer review"."""
    cycle_id = _year(db_session)
    cycle = db_session.get(ReportingCycle, cycle_id)
    assert cycle is not None
    cycle.status = CycleStatus.CLOSED
    secretary = make_world(year=2031).secretariat
    db_session.commit()
    figures = year_figures(cycle_id)
    assert (figures.reviews_in_progress, figures.reviews_frozen) == (0, 2)
    auth.login(secretary.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/cycles/{cycle_id}").get_data(as_text=True)
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page)))
    assert said in text
    listed = client.get(f"/cycles/{cycle_id}/organisations?status=submitted&review=frozen")
    body = html.unescape(listed.get_data(as_text=True))
    assert body.count('class="badge badge-paused"') >= 2
    assert ("评审未完成（年度关闭时冻结）" if lang == "zh_CN" else "frozen at the close") in body
    assert ">评审中<" not in body
    assert ">In review<" not in body


def test_the_frozen_filter_is_offered_for_a_closed_year_only(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle_id = _year(db_session)
    _as_secretary(db_session, auth, client)
    assert 'value="frozen"' not in client.get(f"/cycles/{cycle_id}/organisations").get_data(
        as_text=True
    )
    cycle = db_session.get(ReportingCycle, cycle_id)
    assert cycle is not None
    cycle.status = CycleStatus.CLOSED
    db_session.commit()
    assert 'value="frozen"' in client.get(f"/cycles/{cycle_id}/organisations").get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        (
            "zh_CN",
            "“未评定”：已提交、但未满足前置条件或被一票否决而没有星级的组织；"
            "其中因一票否决未评定 1 家。",
        ),
        ("en", "1 of them not rated"),
    ],
)
def test_the_year_page_says_what_not_rated_covers_with_the_vetoes(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, note: str
) -> None:
    # QA47: the annual report says what 未评定 counts and how many a veto left there; the
    # year page counted them without a word (same words: reports.annual_sheets.not_rated_note).
    from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise

    world = make_review_world(5, vetoed=[0])
    for review in assign_all(world)[:2]:
        submit_and_finalise(review, world.lead)
    db_session.commit()
    figures = year_figures(world.cycle.id)
    assert (figures.not_rated, figures.vetoed) == (1, 1)
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    found = re.search(r'id="not-rated">(.*?)</span>', page, flags=re.S)
    assert found is not None
    assert note in html.unescape(found[1])
    with force_locale(lang):
        from rcapp.reports.annual_sheets import not_rated_note

        assert html.unescape(found[1]) == not_rated_note(1)


def test_the_note_counts_no_veto_when_a_prerequisite_left_it_unrated(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle_id = _year(db_session)
    _as_secretary(db_session, auth, client)
    page = client.get(f"/cycles/{cycle_id}").get_data(as_text=True)
    assert "其中因一票否决未评定 0 家。" in page
    assert year_figures(cycle_id).vetoed == 0


@pytest.mark.parametrize(("lang", "label"), [("zh_CN", "未达 1 星"), ("en", "Below 1 star")])
def test_the_list_filter_names_the_zero_row_as_the_figures_do(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, label: str
) -> None:
    """enwords 4: the filter offered "0 stars" where the figures say "Below 1 star"."""
    cycle_id = _year(db_session)
    _as_secretary(db_session, auth, client, lang)
    page = html.unescape(client.get(f"/cycles/{cycle_id}/organisations").get_data(as_text=True))
    option = re.search(r'<option[^>]*value="0"[^>]*>([^<]*)</option>', page)
    assert option is not None
    assert option.group(1).strip() == label
