"""Reports read kept results: a submitted assessment's documents come from its snapshot."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import SnapshotKind
from rcapp.assessments.queries import rubric_of
from rcapp.reports.data import build_scorecard_report
from rcapp.reports.source import kept_scorecards, scorecard_for
from tests.factories import fill_complete, make_world, start


@pytest.fixture(autouse=True)
def _chinese(db_session: Session) -> Iterator[None]:
    with force_locale("zh_CN"):
        yield


def test_a_submitted_assessment_is_reported_from_its_snapshot(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    card = services.submit_assessment(assessment, world.user_a)
    # Change the stored answers behind the snapshot's back: reports must not follow.
    for answer in assessment.answers:
        if answer.level is not None and answer.level > 1:
            answer.level = 0
    db_session.flush()
    shown = scorecard_for(assessment, rubric_of(assessment))
    assert shown.kind is SnapshotKind.SELF
    assert shown.card.overall == card.overall
    report = build_scorecard_report(assessment, "zh")
    assert report.page.card.overall == card.overall
    assert report.source_label.startswith("提交时的自评结果")


def test_an_assessment_being_filled_in_is_scored_live(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    shown = scorecard_for(assessment, rubric_of(assessment))
    assert shown.kind is None
    assert build_scorecard_report(assessment, "zh").source_label == "按当前填报数据计算"


def test_kept_scorecards_of_a_cycle_are_read_in_bulk(db_session: Session) -> None:
    world = make_world()
    submitted, draft = start(world), start(world, world.org_b)
    fill_complete(submitted, world.user_a)
    card = services.submit_assessment(submitted, world.user_a)
    kept = kept_scorecards([submitted, draft])
    assert set(kept) == {submitted.id}
    assert kept[submitted.id].kind is SnapshotKind.SELF
    assert kept[submitted.id].card.overall == card.overall
