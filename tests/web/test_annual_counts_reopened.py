"""The annual report counts a review reopened by an upheld appeal as the year page does (QA37 D1).

Open, it is in peer review again; closed before the lead rated again, it is not finished
(frozen at the close), never also finished. Its earlier final rating is listed with the mark
the close page promised: 申诉成立，重新评审未完成.
"""

from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.cycles.services import close_cycle
from rcapp.reports.annual_model import AnnualData
from rcapp.reports.annual_sheets import annual_sheets
from rcapp.reports.data_annual import build_annual_data
from rcapp.reports.data_annual_report import build_annual_report
from rcapp.reviews import settling
from rcapp.reviews.year_figures import year_figures
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_and_finalise


def _world(db_session: Session) -> ReviewWorld:
    """Five reviews: the first final then reopened by an upheld appeal, one final, three open."""
    world = make_review_world(5)
    reviews = assign_all(world)
    for review in reviews[:2]:
        submit_and_finalise(review, world.lead)
    first = reviews[0]
    assert first.appeal_until is not None
    appeal = settling.file_appeal(first, "评级有误", first.appeal_until, world.members[0])
    settling.decide_appeal(appeal, True, "请组长重新裁定", world.secretariat)
    db_session.commit()
    return world


def _counts(data: AnnualData) -> dict[str, int]:
    return {c.label: c.count for c in data.participation}


def test_the_report_counts_the_reopened_review_once_as_the_year_page(db_session: Session) -> None:
    world = _world(db_session)
    figures = year_figures(world.cycle.id)
    assert (figures.reviews_in_progress, figures.reviews_finished) == (4, 1)
    data = build_annual_data(world.cycle, "zh")
    counts = _counts(data)
    assert (counts["同行评审中"], counts["完成同行评审"]) == (4, 1)
    name = world.companies[0].name_zh
    reopened = next(o for o in data.organisations if o.name == name)
    assert reopened.reopened
    assert reopened.stars is not None

    close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    figures = year_figures(world.cycle.id)
    frozen = (figures.reviews_in_progress, figures.reviews_frozen, figures.reviews_finished)
    assert frozen == (0, 4, 1)
    for lang, locale in (("zh", "zh_CN"), ("en", "en")):
        data = build_annual_data(world.cycle, lang)
        steps = [c.count for c in data.participation[3:]]
        assert steps == [0, 4, 1]  # in peer review, frozen at the close, finished
        assert data.groups_total is not None
        total = data.groups_total
        assert (total.in_review, total.frozen, total.final) == (0, 4, 1)
        with force_locale(locale):
            report = build_annual_report(world.cycle, lang)
            scores = annual_sheets(data)[0]  # 组织得分 / Organisation scores
            rows = list(scores.rows)
        mark = (
            "最终（申诉成立，重新评审未完成）"
            if lang == "zh"
            else "Final (appeal upheld, re-review not finished)"
        )
        name = world.companies[0].display_name(lang)
        listed = {r.name: r.result_type for r in report.rated}
        assert listed[name] == mark
        row = next(r for r in rows if name in r)
        assert mark in row
