"""A year's outputs give scores and stars to its results only, and word a veto as not rated.

A closed year's workbook scored drafts and returned assessments (江北新材料, returned: 70.3,
1 star, "暂定") in 组织得分, 星级条件 and 关键绩效指标, while its own star distribution, the
roster and the annual report left them out. A vetoed company ("一票否决…不予评星") read
"0 星" and was counted under 0 stars, not under 未评定.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import openpyxl
import pytest
from flask import Flask, render_template
from flask_babel import force_locale
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.events import local_today
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import EventInput
from rcapp.cycles import services as cycle_services
from rcapp.organisations.models import Organisation
from rcapp.reports.data import status_label
from rcapp.reports.data_annual import build_annual_data
from rcapp.reports.data_annual_report import build_annual_report
from rcapp.reports.documents import annual_workbook, results_workbook
from tests.factories import World, fill_complete, make_cycle, make_organisation, make_world, start


@pytest.fixture(autouse=True)
def _chinese(db_session: Session) -> Iterator[None]:
    with force_locale("zh_CN"):
        yield


def _rows(book: openpyxl.Workbook, title: str) -> dict[str, dict[str, object]]:
    """The sheet's rows by organisation name, each a {header: value} dict."""
    sheet = book[title]
    assert isinstance(sheet, Worksheet)
    values = list(sheet.iter_rows(values_only=True))
    at = next(n for n, row in enumerate(values) if row[0] == "组织名称")
    header = [str(h) for h in values[at]]
    return {str(row[0]): dict(zip(header, row, strict=True)) for row in values[at + 1 :]}


def _vetoed(world: World, organisation: Organisation) -> Assessment:
    """A submitted assessment of a company with a fatal accident: veto V1, no star."""
    assessment = services.get_or_start_assessment(organisation, world.cycle, world.user_a)
    rubric = fill_complete(assessment, world.user_a)
    accident = EventInput(
        event_type="safety_accident",
        grade="larger",
        occurred_on=(local_today() - dt.timedelta(days=30)).isoformat(),
        fatalities="3",
        injuries="1",
        direct_loss="120.5",
        description="储罐区火灾",
    )
    event, problems = services.add_event(assessment, rubric, accident, world.user_a)
    assert event is not None, problems
    services.submit_assessment(assessment, world.user_a)
    return assessment


def test_a_closed_years_workbook_scores_only_its_results(db_session: Session) -> None:
    world = make_world()
    done, draft = start(world), start(world, world.org_b)
    fill_complete(done, world.user_a)
    fill_complete(draft, world.user_b)
    returned_org = make_organisation()
    returned = services.get_or_start_assessment(returned_org, world.cycle, world.user_a)
    fill_complete(returned, world.user_a)
    services.submit_assessment(done, world.user_a)
    services.submit_assessment(returned, world.user_a)
    services.return_assessment(returned, "请补充证据", world.user_a)
    cycle_services.close_cycle(world.cycle, world.secretariat)

    book = openpyxl.load_workbook(io.BytesIO(annual_workbook(world.cycle, "zh")))
    results = _rows(book, "组织得分")
    assert results[world.org_a.name_zh]["总分"] is not None
    assert results[world.org_a.name_zh]["结果性质"] == "最终（自评）"  # as the scorecard says
    assert results[world.org_a.name_zh]["关闭时的自评状态"] is None
    for name, listed in ((world.org_b.name_zh, draft), (returned_org.name_zh, returned)):
        row = results[name]
        # Out of the closed year's results, its status at the close beside it (QA68 #10).
        assert row["状态"] == "未提交（不计入）"
        assert row["关闭时的自评状态"] == status_label(listed.status)  # in the outputs' words
        assert (row["总分"], row["星级"], row["结果性质"]) == (None, None, None)
        assert all(row[c.title] is None for c in build_annual_data(world.cycle, "zh").sections)
    assert str(book["组织得分"]["A1"].value).startswith("内部资料，不公开")  # qa46 D4
    notes = str(book["组织得分"]["A2"].value)
    assert "只有已提交的自评是本年度结果" in notes
    for title in ("星级条件", "关键绩效指标"):
        assert set(_rows(book, title)) == {world.org_a.name_zh}, title


def test_a_veto_reads_not_rated_and_counts_under_not_rated(db_session: Session) -> None:
    world = make_world()
    previous = make_cycle(year=2024)
    before = services.get_or_start_assessment(world.org_b, previous, world.user_b)
    fill_complete(before, world.user_b)
    services.add_event(
        before,
        rubric_of(before),
        EventInput(
            event_type="safety_accident",
            grade="larger",
            occurred_on=(local_today() - dt.timedelta(days=40)).isoformat(),
            fatalities="3",
            description="去年的事故",
        ),
        world.user_b,
    )
    services.submit_assessment(before, world.user_b)
    cycle_services.close_cycle(previous, world.secretariat)
    assessment = _vetoed(world, world.org_a)
    assert assessment.stars == 0  # kept as 0 stars: only the veto tells it from "0 星"

    data = build_annual_data(world.cycle, "zh")
    org = next(o for o in data.organisations if o.name == world.org_a.name_zh)
    assert (org.stars, org.not_rated) == (None, "未评定（一票否决）")
    counts = {c.label: (c.count, c.previous) for c in data.star_distribution}
    assert counts["未评定"] == (1, 1)
    assert counts["未达 1 星"] == (0, 0)  # rated but short of one star (enwords 4)
    assert build_annual_report(world.cycle, "zh").rated == ()

    book = openpyxl.load_workbook(io.BytesIO(annual_workbook(world.cycle, "zh")))
    vetoed = _rows(book, "组织得分")[world.org_a.name_zh]
    # the stars a number column, the words beside it (QA46 S11)
    assert (vetoed["星级"], vetoed["星级说明"]) == (None, "未评定（一票否决）")
    words_of = {"zh": ("星级", "未评定（一票否决）"), "en": ("Star rating", "Not rated (veto)")}
    for lang, (label, words) in words_of.items():
        summary = openpyxl.load_workbook(io.BytesIO(results_workbook(assessment, lang)))
        found = [r[1] for r in summary.worksheets[0].iter_rows(values_only=True) if r[0] == label]
        assert found == [words]


def test_not_rated_is_said_to_include_the_vetoed_with_their_count(
    app: Flask, db_session: Session
) -> None:
    # QA46 S10: "未评定 1" with no word that it is a veto (一票否决), which readers ask about
    world = make_world()
    _vetoed(world, world.org_a)
    data = build_annual_data(world.cycle, "zh")
    assert data.vetoed == 1
    book = openpyxl.load_workbook(io.BytesIO(annual_workbook(world.cycle, "zh")))
    note = str(book["星级分布"]["A1"].value)  # after the year (QA46 S15)
    assert "“未评定”：已提交、但未满足前置条件或被一票否决而没有星级的组织" in note
    assert "其中因一票否决未评定 1 家" in note
    report = build_annual_report(world.cycle, "zh")
    with app.test_request_context():
        page = render_template("reports/annual.html", report=report, print_css="")
    chapter = page.split('id="stars"', 1)[1].split("</section>", 1)[0]
    assert "其中因一票否决未评定 1 家" in chapter
    with force_locale("en"):
        english = openpyxl.load_workbook(io.BytesIO(annual_workbook(world.cycle, "en")))
    assert "1 of them not rated because of a veto" in str(english["Star distribution"]["A1"].value)


def test_an_open_years_workbook_shows_the_status_alone(db_session: Session) -> None:
    world = make_world()
    fill_complete(start(world, world.org_b), world.user_b)
    book = openpyxl.load_workbook(io.BytesIO(annual_workbook(world.cycle, "zh")))
    row = _rows(book, "组织得分")[world.org_b.name_zh]
    assert row["状态"] == status_label(start(world, world.org_b).status)
    assert "关闭时的自评状态" not in row
