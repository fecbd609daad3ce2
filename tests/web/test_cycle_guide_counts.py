"""The year guide's appeals and KPI-check steps: what waits, and where it is handled.

The "peer reviews and appeals" step counts the year's appeals lodged and not decided yet
(reviews.year_appeals.open_appeal_count, one query), as the year page's peer-review figures
now do too; nothing else showed a year's count (the home page and /reviews/ count every
year's). The KPI step does not count the doubted assessments: finding them reads every
submitted assessment (assessments.year_kpi_doubts), too slow for every view of the guide
at 1,000 submissions, so its link says it opens the check.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.assessments import services
from rcapp.cycles.models import CycleStatus
from rcapp.reviews.models import Appeal, AppealStatus, Review, ReviewKind, ReviewStatus
from tests.conftest import AuthActions
from tests.factories import World, fill_complete, make_cycle, make_world, start
from tests.web.test_cycle_guide import _states, _text


def _appealed(world: World) -> None:
    """This year: one appeal open, one decided. Another year: one open (not counted)."""
    mine = start(world)
    fill_complete(mine, world.user_a)
    services.submit_assessment(mine, world.user_a)
    theirs = start(world, world.org_b)
    fill_complete(theirs, world.user_b)
    services.submit_assessment(theirs, world.user_b)
    reviews = [
        Review(assessment=a, kind=ReviewKind.DESK, status=ReviewStatus.FINAL)
        for a in (mine, theirs)
    ]
    session = db.session()
    session.add_all(reviews)
    session.add_all(
        [
            Appeal(review=reviews[0], reason="证据未被充分考虑", filed_by_id=world.user_a.id),
            Appeal(
                review=reviews[0],
                reason="早先的申诉",
                filed_by_id=world.user_a.id,
                status=AppealStatus.DISMISSED,
            ),
            Appeal(review=reviews[1], reason="另一年度", filed_by_id=world.user_b.id),
        ]
    )
    theirs.cycle_id = make_cycle(year=2024).id  # the other open appeal is of 2024
    session.commit()


@pytest.mark.parametrize(
    ("lang", "waiting", "open_check", "reads_each"),
    [
        (
            "zh_CN",
            "本年度待决定的申诉（已提出、尚未决定）：1 件。",
            "打开 KPI 数据核对",
            "打开时逐份检查已提交的自评",
        ),
        (
            "en",
            "Appeals of this year awaiting a decision (lodged, not yet decided): 1.",
            "Open the KPI check",
            "Opening it reads each submitted self-assessment",
        ),
    ],
)
def test_the_guide_and_the_year_page_count_the_years_open_appeals(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    waiting: str,
    open_check: str,
    reads_each: str,
) -> None:
    world = make_world(2025)
    _appealed(world)
    cycle_id = world.cycle.id
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/cycles/{cycle_id}/guide").get_data(as_text=True)
    reviews_step = page[page.index('id="step-reviews"') : page.index('id="step-benchmarks"')]
    assert waiting in _text(reviews_step)
    assert 'href="/reviews/appeals"' in reviews_step  # where the secretariat decides them
    kpi_step = page[page.index('id="step-kpi"') : page.index('id="step-reviews"')]
    assert f'<a id="guide-kpi-doubts" href="/cycles/{cycle_id}/kpi-doubts">{open_check}</a>' in (
        kpi_step
    )
    assert reads_each in _text(kpi_step)  # opening it is the check, and it takes a while
    year_page = client.get(f"/cycles/{cycle_id}").get_data(as_text=True)
    found = year_page[year_page.index('id="year-appeals"') :]
    assert waiting in _text(found[: found.index("</p>")])
    assert 'href="/reviews/appeals"' in found[: found.index("</p>")]


def test_no_open_appeal_says_none_and_links_nothing_on_the_year_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(2025)
    db_session.commit()
    auth.login(world.secretariat.email)
    year_page = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    found = year_page[year_page.index('id="year-appeals"') :]
    found = found[: found.index("</p>")]
    assert "本年度待决定的申诉（已提出、尚未决定）：0 件。" in _text(found)
    assert "/reviews/appeals" not in found
    guide = _text(client.get(f"/cycles/{world.cycle.id}/guide").get_data(as_text=True))
    assert "本年度待决定的申诉（已提出、尚未决定）：0 件。" in guide


def test_the_guide_reads_no_assessment_for_kpi_doubts(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = make_world(2025)
    _appealed(world)

    def _read(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the guide read an assessment's KPI doubts")

    monkeypatch.setattr("rcapp.assessments.kpi_doubts.stored_kpi_doubts", _read)
    monkeypatch.setattr("rcapp.assessments.year_kpi_doubts.stored_kpi_doubts", _read)
    auth.login(world.secretariat.email)
    assert client.get(f"/cycles/{world.cycle.id}/guide").status_code == 200
    with pytest.raises(AssertionError, match="read an assessment"):  # the list does read them
        client.get(f"/cycles/{world.cycle.id}/kpi-doubts")


def test_a_closed_year_without_computed_benchmarks_has_nothing_for_later(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """No record of a computation in a closed year: done (it said 稍后), and not "computed"."""
    world = make_world(2025)
    mine = start(world)
    fill_complete(mine, world.user_a)
    services.submit_assessment(mine, world.user_a)
    world.cycle.status = CycleStatus.CLOSED
    world.cycle.closed_at = dt.datetime.now(dt.UTC)
    db_session.commit()
    auth.login(world.secretariat.email)
    page = client.get(f"/cycles/{world.cycle.id}/guide").get_data(as_text=True)
    assert _states(page)["benchmarks"] == "done"
    step = _text(page[page.index('id="step-benchmarks"') : page.index('id="step-close"')])
    assert "本年度没有对标数据的计算记录。" in step
    assert "关闭年度时已计算" not in step  # it was not: the sentence contradicted the one above
