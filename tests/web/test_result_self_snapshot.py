"""The result page of a submitted assessment reads its self snapshot (the fast path).

A submitted assessment cannot change its answers, so the page shows what was scored at
submit without loading rows or scoring again, unless the review context has changed.
Decoded snapshots are kept per process, keyed so that a rewritten snapshot is re-read.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.inputs import ReviewContext
from rcapp.assessments.models import Answer as AnswerRow
from rcapp.assessments.models import Assessment, SnapshotKind
from rcapp.assessments.snapshots import find_snapshot, snapshot_scorecard
from rcapp.clock import to_beijing
from tests.conftest import AuthActions
from tests.factories import make_world, submitted_assessment
from tests.web.helpers import result_page


def _submitted(db_session: Session) -> tuple[Assessment, str]:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    return assessment, world.user_a.email


def _lower_every_level(db_session: Session, assessment: Assessment) -> None:
    """Change the stored answers behind the application's back (a submit locks them)."""
    db_session.execute(
        update(AnswerRow)
        .where(AnswerRow.assessment_id == assessment.id, AnswerRow.level.is_not(None))
        .values(level=0, evidence_note=None)
    )
    db_session.commit()
    db_session.expire_all()


def test_a_submitted_assessment_shows_its_self_snapshot(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, email = _submitted(db_session)
    own = find_snapshot(assessment, SnapshotKind.SELF)
    assert own is not None
    auth.login(email)
    before = result_page(client, assessment.id)
    when = to_beijing(own.computed_at).strftime("%Y-%m-%d %H:%M")
    assert f"显示的是提交时的自评结果（快照，{when}（北京时间））" in before
    _lower_every_level(db_session, assessment)
    assert services.compute_scorecard(assessment).overall != own.overall_score
    assert result_page(client, assessment.id) == before  # read back, not scored again


def test_a_changed_review_context_is_scored_afresh(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assessment, email = _submitted(db_session)
    _lower_every_level(db_session, assessment)
    reviewed = ReviewContext(peer_reviewers=2)
    # The app is shared by the whole session: put the reviews package's reader back after.
    monkeypatch.setitem(app.extensions, "rcapp.review_context_reader", lambda _: reviewed)
    auth.login(email)
    page = result_page(client, assessment.id)
    assert "显示的是按当前填写内容即时计算的结果。" in page
    fresh = services.compute_scorecard(assessment, review=reviewed)
    assert fresh.overall is not None
    assert f"<strong>{fresh.overall:.1f}</strong> / 100" in page


def test_decoded_snapshots_are_kept_until_rewritten(db_session: Session) -> None:
    assessment, _ = _submitted(db_session)
    own = find_snapshot(assessment, SnapshotKind.SELF)
    assert own is not None
    first = snapshot_scorecard(own)
    assert snapshot_scorecard(own) is first
    # A rewrite (a new submit) stamps a new computed_at: the new content is decoded.
    own.computed_at = own.computed_at + dt.timedelta(seconds=1)
    db_session.flush()
    again = snapshot_scorecard(own)
    assert again is not first
    assert again == first
