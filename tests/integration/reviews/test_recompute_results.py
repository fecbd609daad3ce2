"""Recomputing an open year's stored results, and the close refreshing its final results.

Stored results keep what the code computed when they were written; after a fix the
secretariat recomputes the open year's. Results that come out the same are not written
again; a final result keeps its reviewers' levels; a closed year is never recomputed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment, SnapshotKind
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.snapshots import (
    find_snapshot,
    snapshot_review_context,
    snapshot_scorecard,
    write_snapshot,
)
from rcapp.audit.models import AuditEntry
from rcapp.cycles.models import CycleStatus
from rcapp.cycles.services import close_cycle
from rcapp.errors import InvalidState
from rcapp.reports.recompute_cli import results_cli
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import Decision, Review
from rcapp.reviews.recompute import recompute_year
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world
from tests.review_years import closed_2023

LONG_AGO = dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC)


def _store_old(assessment: Assessment, kind: SnapshotKind, stars: int, overall: str) -> None:
    """Store the result as an older code would have: another overall score and stars."""
    stored = find_snapshot(assessment, kind)
    assert stored is not None
    card = snapshot_scorecard(stored)
    rating = dataclasses.replace(card.rating, stars=stars)
    old = dataclasses.replace(card, overall=Decimal(overall), rating=rating)
    snapshot = write_snapshot(assessment, kind, old, snapshot_review_context(stored))
    snapshot.computed_at = LONG_AGO
    if kind is SnapshotKind.SELF:
        assessment.stars, assessment.overall_score = stars, Decimal(overall)


def _computed_at(assessment: Assessment, kind: SnapshotKind) -> dt.datetime:
    found = find_snapshot(assessment, kind, document=False)
    assert found is not None
    return found.computed_at


def _reviewed(world: ReviewWorld) -> Review:
    """Finalise the first assessment's review, the reviewers lowering C6.E1.1 to 3."""
    review = assign_all(world)[0]
    item = rubric_of(review.assessment).item_index()["C6.E1.1"]
    for assignment in review.assignments:
        reviewing.save_decision(
            assignment, item, False, Decision.ADJUST, 3, "部分产品", assignment.reviewer
        )
        reviewing.accept_remaining(assignment, list(review.sample), set(), assignment.reviewer)
        reviewing.submit_assignment(assignment, assignment.reviewer)
    settling.finalise_review(review, 30, world.lead)
    return review


def _level(assessment: Assessment, kind: SnapshotKind, item_id: str) -> int | None:
    stored = find_snapshot(assessment, kind)
    assert stored is not None
    card = snapshot_scorecard(stored)
    items = {i.item_id: i for s in card.sections for e in s.elements for i in e.items}
    return items[item_id].claimed_level


def test_a_stored_self_result_is_corrected_and_the_others_keep_their_time(
    db_session: Session,
) -> None:
    world = make_review_world(5)
    wrong, right = world.assessments[0], world.assessments[1]
    true_stars = wrong.stars
    true_score = wrong.overall_score
    assert true_stars is not None
    assert true_stars != 1
    _store_old(wrong, SnapshotKind.SELF, stars=1, overall="12.3")
    kept = find_snapshot(right, SnapshotKind.SELF, document=False)
    assert kept is not None
    kept.computed_at = LONG_AGO
    db_session.flush()
    untouched = _computed_at(right, SnapshotKind.SELF)

    found = recompute_year(world.cycle, world.secretariat)

    assert found.results == 5
    assert [(c.assessment_id, c.kind) for c in found.rewritten] == [(wrong.id, "self")]
    stored = find_snapshot(wrong, SnapshotKind.SELF)
    assert stored is not None
    assert (stored.stars, stored.overall_score) == (true_stars, true_score)
    assert (wrong.stars, wrong.overall_score) == (true_stars, true_score)
    assert stored.computed_at != LONG_AGO
    assert _computed_at(right, SnapshotKind.SELF) == untouched  # not written again
    # The changed rating is listed, and written to the audit log with before and after.
    [change] = found.rating_changes
    assert (change.stars_before, change.stars_after) == (1, true_stars)
    entry = db_session.scalar(
        select(AuditEntry).where(
            AuditEntry.action == "result.recompute", AuditEntry.entity_id == wrong.id
        )
    )
    assert entry is not None
    assert entry.field == "self"
    assert entry.actor_id == world.secretariat.id
    assert json.loads(entry.before or "{}")["stars"] == 1
    assert json.loads(entry.after or "{}")["stars"] == true_stars
    assert (
        db_session.scalar(
            select(AuditEntry).where(
                AuditEntry.action == "result.recompute", AuditEntry.entity_id == right.id
            )
        )
        is None
    )
    # Run again: nothing left to change.
    assert recompute_year(world.cycle, world.secretariat).rewritten == []


def test_a_final_result_keeps_its_reviewers_levels(db_session: Session) -> None:
    world = make_review_world(5)
    review = _reviewed(world)
    assessment = review.assessment
    final = find_snapshot(assessment, SnapshotKind.FINAL)
    assert final is not None
    final_stars = final.stars
    assert _level(assessment, SnapshotKind.FINAL, "C6.E1.1") == 3
    assert _level(assessment, SnapshotKind.SELF, "C6.E1.1") == 4
    _store_old(assessment, SnapshotKind.FINAL, stars=5, overall="99.0")
    db_session.flush()

    found = recompute_year(world.cycle, world.secretariat)

    assert [(c.assessment_id, c.kind) for c in found.rewritten] == [(assessment.id, "final")]
    final = find_snapshot(assessment, SnapshotKind.FINAL)
    assert final is not None
    assert final.stars == final_stars
    assert _level(assessment, SnapshotKind.FINAL, "C6.E1.1") == 3  # the reviewers' level
    assert find_snapshot(assessment, SnapshotKind.SELF).stars == assessment.stars  # type: ignore[union-attr]
    [change] = found.rating_changes
    assert (change.kind, change.stars_before, change.stars_after) == ("final", 5, final_stars)


def test_a_closed_year_is_never_recomputed(db_session: Session, app: Flask) -> None:
    world = make_review_world(5)
    _store_old(world.assessments[0], SnapshotKind.SELF, stars=1, overall="12.3")
    world.cycle.status = CycleStatus.CLOSED
    db_session.flush()
    with pytest.raises(InvalidState):
        recompute_year(world.cycle, world.secretariat)
    assert find_snapshot(world.assessments[0], SnapshotKind.SELF).stars == 1  # type: ignore[union-attr]

    db_session.commit()
    result = app.test_cli_runner().invoke(results_cli, ["recompute", "--year", "2025"])
    assert result.exit_code == 1
    assert "已关闭年度的结果已冻结，不重新计算" in result.output
    assert "closed: its results are frozen and never recomputed" in result.output


def test_the_command_recomputes_an_open_year_and_names_the_changes(
    db_session: Session, app: Flask
) -> None:
    world = make_review_world(5)
    _store_old(world.assessments[0], SnapshotKind.SELF, stars=1, overall="12.3")
    db_session.commit()
    result = app.test_cli_runner().invoke(results_cli, ["recompute", "--year", "2025"])
    assert result.exit_code == 0, result.output
    assert "5 stored results recomputed, 1 changed and rewritten" in result.output
    assert world.companies[0].name_zh in result.output
    assert "自评结果 self result: 1★ →" in result.output


def test_the_close_refreshes_a_final_result_stored_before_the_statistics(
    db_session: Session,
) -> None:
    world = make_review_world(5)
    closed_2023(db_session, world)  # a three-year series: the ladder then reads the median
    db_session.flush()
    review = _reviewed(world)  # finalised before the year's statistics existed
    assessment = review.assessment
    assert _ltif_median(assessment, SnapshotKind.FINAL) is None  # "median awaited"

    close_cycle(world.cycle, world.secretariat)

    assert _ltif_median(assessment, SnapshotKind.FINAL) is not None
    assert _ltif_median(assessment, SnapshotKind.FROZEN) is not None
    assert _level(assessment, SnapshotKind.FROZEN, "C6.E1.1") == 3  # still the reviewers'


def _ltif_median(assessment: Assessment, kind: SnapshotKind) -> Decimal | None:
    stored = find_snapshot(assessment, kind)
    assert stored is not None
    ladder = snapshot_scorecard(stored).kpi_performance.levels
    ltif = next(level for level in ladder if level.kpi_id == "OHS-03")
    return None if ltif.facts is None else ltif.facts.median
