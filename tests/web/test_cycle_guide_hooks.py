"""The year guide reads the packages above cycles through cycles.guide_hooks, not globals.

Reviews (with the benchmark pages) and reports each add a contributor when registered; the
guide merges what they know. A package not registered adds nothing: its step is left out
(reviews, benchmarks) or counts nothing made (reports), as when its pages were missing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.cycles.guide_hooks import _GUIDE, GuideFigures, guide_figures
from rcapp.cycles.guide_steps import ReviewFacts
from rcapp.cycles.models import ReportingCycle
from rcapp.reports.guide_figures import report_figures
from rcapp.reports.models import JobKind, JobStatus, ReportJob
from rcapp.reviews.guide_figures import benchmark_figures, review_figures
from tests.conftest import AuthActions
from tests.web.test_cycle_guide import _states, _text, _year


def _only(app: Flask, monkeypatch: pytest.MonkeyPatch, *contributors: object) -> None:
    """Leave the guide's registry with these contributors only (the app is the session's)."""
    monkeypatch.setitem(app.extensions, _GUIDE, list(contributors))


def _published_report(world_cycle: ReportingCycle, published_by: int) -> None:
    now = dt.datetime.now(dt.UTC)
    for kind in (JobKind.ANNUAL_REPORT, JobKind.SCORECARDS):
        db.session().add(
            ReportJob(
                kind=kind,
                status=JobStatus.DONE,
                cycle_id=world_cycle.id,
                lang="zh",
                edition=1,
                published_at=now,
                published_by_id=published_by,
                finished_at=now,
            )
        )
    db.session().commit()


def test_every_package_registers_its_contributor(app: Flask) -> None:
    assert app.extensions[_GUIDE] == [review_figures, benchmark_figures, report_figures]


def test_the_reports_contributor_missing_leaves_its_figures_unknown(
    app: Flask, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = _year(db_session, closed=True)
    _published_report(world.cycle, world.secretariat.id)
    with app.test_request_context():
        everything = guide_figures(world.cycle)
        assert everything.outputs_made == 1
        assert len(everything.reports_in_force or ()) == 1
        assert everything.reviews == ReviewFacts(not_reviewed=1, in_progress=0)
        assert everything.open_appeals == 0
        assert everything.benchmarks_computed is False
        _only(app, monkeypatch, review_figures, benchmark_figures)
        found = guide_figures(world.cycle)
    assert found.outputs_made is None
    assert found.reports_in_force is None
    assert found.reviews == everything.reviews  # the others' figures are still there
    assert found.benchmarks_computed is False


def test_the_first_contributor_to_know_a_figure_gives_it(
    app: Flask, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = _year(db_session)
    _only(
        app,
        monkeypatch,
        lambda _cycle: GuideFigures(outputs_made=2),
        lambda _cycle: GuideFigures(outputs_made=5, open_appeals=3),
    )
    with app.test_request_context():
        found = guide_figures(world.cycle)
    assert (found.outputs_made, found.open_appeals, found.reviews) == (2, 3, None)


def test_without_the_packages_above_cycles_the_guide_leaves_their_steps_out(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = _year(db_session, closed=True)
    _published_report(world.cycle, world.secretariat.id)
    _only(app, monkeypatch)
    auth.login(world.secretariat.email)
    page = client.get(f"/cycles/{world.cycle.id}/guide").get_data(as_text=True)
    states = _states(page)
    assert "reviews" not in states
    assert "benchmarks" not in states
    assert (states["files"], states["report"]) == ("now", "now")  # nothing made, none in force
    text = _text(page)
    assert "本年度已生成 0 个这样的文件。" in text
    assert "本年度还没有发布年度报告。" in text
    assert 'id="guide-stars"' not in page
    assert 'id="guide-appeals"' not in page


def test_a_registered_contributors_figures_reach_the_page(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = _year(db_session, closed=True)
    _only(
        app,
        monkeypatch,
        review_figures,
        benchmark_figures,
        lambda _cycle: GuideFigures(outputs_made=4, reports_in_force=()),
    )
    auth.login(world.secretariat.email)
    page = client.get(f"/cycles/{world.cycle.id}/guide").get_data(as_text=True)
    assert _states(page)["files"] == "done"
    assert "本年度已生成 4 个这样的文件。" in _text(page)
    assert "本年度待决定的申诉（已提出、尚未决定）：0 件。" in _text(page)
