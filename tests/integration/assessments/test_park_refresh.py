"""A park's stored result follows its residents' ratings without a manual recompute (qa41 S9).

The park's PK-RC-02 counts its residents rated three stars or more. Its self result kept at
submit went stale when a resident was rated later (finalised, returned, ...), until the
secretariat recomputed the year. Every commit that changes a resident's kept result now
queues the park's recomputation (rcapp.assessments.park_refresh; the tests run the queue
in immediate mode, so it has run when the commit returns).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from rcapp.assessments import park_refresh
from rcapp.assessments.models import Assessment, AssessmentStatus, KpiValue, SnapshotKind
from rcapp.assessments.results import compute_scorecard
from rcapp.assessments.review_hook import review_context_of
from rcapp.assessments.services import return_assessment
from rcapp.assessments.snapshots import find_snapshot, snapshot_scorecard, write_snapshot
from rcapp.cycles.models import CycleStatus, ReportingCycle
from rcapp.queue import huey
from tests.factories import make_assessment, make_organisation, make_secretariat
from tests.parks import REGISTRY, park_year, real_rubrics  # noqa: F401 - the fixture


def _world() -> tuple[ReportingCycle, Assessment, Assessment]:
    """A park (10 residents reported) that submitted while its one resident in rcapp had 1 star."""
    own = park_year(status=AssessmentStatus.SUBMITTED)
    cycle = own.cycle
    resident = make_assessment(
        make_organisation(park_id=own.organisation_id),
        cycle,
        status=AssessmentStatus.SUBMITTED,
        stars=1,
        rubric_id="rc-company",
        rubric_version=2,
        rubric_sha256=REGISTRY.get("rc-company", 2).sha256,
    )
    own.kpi_values.append(KpiValue(input_id="companies_resident", value=Decimal(10)))
    write_snapshot(own, SnapshotKind.SELF, compute_scorecard(own), review_context_of(own))
    return cycle, own, resident


def _stored_share(own: Assessment) -> Decimal | None:
    kept = find_snapshot(own, SnapshotKind.SELF)
    assert kept is not None
    return snapshot_scorecard(kept).kpi("PK-RC-02").value


def _finalise(resident: Assessment, stars: int) -> None:
    """Keep a final result of `stars`, as settling a peer review does (write_snapshot)."""
    card = compute_scorecard(resident)
    rated = dataclasses.replace(
        card, rating=dataclasses.replace(card.rating, stars=stars, rated=True)
    )
    write_snapshot(resident, SnapshotKind.FINAL, rated, review_context_of(resident))


def test_a_resident_finalised_at_three_stars_raises_the_parks_stored_count(
    db_session: Session,
    real_rubrics: None,  # noqa: F811 - the fixture
) -> None:
    _cycle, own, resident = _world()
    db_session.commit()
    assert _stored_share(own) == Decimal(0)  # 0 of 10 residents with three stars
    _finalise(resident, 3)
    db_session.commit()  # the refresh is queued (run at once here) when this commits
    db_session.expire_all()
    assert _stored_share(own) == Decimal(10)  # 1 of 10, without a manual recompute


def test_a_rollback_queues_nothing_and_a_closed_year_stays_frozen(
    db_session: Session,
    real_rubrics: None,  # noqa: F811 - the fixture
) -> None:
    cycle, own, resident = _world()
    db_session.commit()
    _finalise(resident, 3)
    db_session.rollback()
    assert _stored_share(own) == Decimal(0)
    cycle.status = CycleStatus.CLOSED
    _finalise(resident, 3)
    db_session.commit()
    db_session.expire_all()
    assert _stored_share(own) == Decimal(0)


def test_a_refresh_waiting_in_the_queue_takes_the_next_requests_along(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    queued: list[tuple[int, int]] = []  # stands in for the task: queued, not run yet
    monkeypatch.setattr(park_refresh, "refresh_park_results", lambda *a: queued.append(a))
    try:
        assert park_refresh.enqueue_refresh(991, 2025) is True
        assert park_refresh.enqueue_refresh(991, 2025) is False  # one waits already
        assert park_refresh.enqueue_refresh(992, 2025) is True  # another park
        assert queued == [(991, 2025), (992, 2025)]
        huey.delete(park_refresh.marker(991, 2025))  # the task started: the next one queues
        assert park_refresh.enqueue_refresh(991, 2025) is True
    finally:
        for park_id in (991, 992):
            huey.delete(park_refresh.marker(park_id, 2025))


def test_a_resident_returned_after_the_park_submitted_lowers_the_stored_count(
    db_session: Session,
    real_rubrics: None,  # noqa: F811 - the fixture
) -> None:
    cycle, own, resident = _world()
    resident.stars = 3  # submitted at three stars, its self result kept
    card = compute_scorecard(resident)
    rating = dataclasses.replace(card.rating, stars=3, rated=True)
    kept = dataclasses.replace(card, rating=rating)
    write_snapshot(resident, SnapshotKind.SELF, kept, review_context_of(resident))
    db_session.commit()
    assert _stored_share(own) == Decimal(10)

    return_assessment(resident, "请补充 C1 的证据。", make_secretariat())
    db_session.commit()
    db_session.expire_all()
    # No resident rated while it is revised: no count (and the park typed none), no share.
    assert _stored_share(own) is None
