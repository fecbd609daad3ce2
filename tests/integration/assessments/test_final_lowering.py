"""A final rating lowered at once by the vetoes of a resubmission, never raised (qa49 B1).

The secretariat returns an assessment rated 3 stars by peer review; the company registers
a veto event and resubmits. The rating of record (every list, page and count reads the
final snapshot) goes down with the reason, audited, and the lead and the secretariat are
told. A resubmission without a veto leaves it, and a later one never raises it back.
"""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.events import local_today
from rcapp.assessments.final_lowering import LOWERED_ACTION
from rcapp.assessments.models import Assessment, Event, SnapshotKind
from rcapp.assessments.queries import finals_of_record, rubric_of
from rcapp.assessments.snapshots import find_snapshot, shown_scorecard, snapshot_scorecard
from rcapp.assessments.validation import EventInput
from rcapp.audit.models import AuditEntry
from rcapp.mail.models import OutboxMessage
from rcapp.reports.data import build_scorecard_report
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewKind
from rcapp.reviews.recompute import recompute_year
from tests.conftest import AuthActions
from tests.factories_reviews import (
    FATAL_ACCIDENT,
    ReviewWorld,
    make_review_world,
    reviewers_of,
    submit_and_finalise,
)

MASS_INCIDENT = EventInput(
    event_type="mass_incident",
    occurred_on=(local_today() - dt.timedelta(days=20)).isoformat(),
    description="厂区周边群众聚集",
)


def _final_three_returned() -> tuple[ReviewWorld, Assessment]:
    world = make_review_world(3)
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.ONSITE, reviewers_of(world, 0), world.lead
    )
    submit_and_finalise(review, world.lead)
    assessment = world.assessments[0]
    assert finals_of_record([assessment.id])[assessment.id].stars == 3
    services.return_assessment(assessment, "请补充事件登记", world.secretariat)
    return world, assessment


def _resubmit(world: ReviewWorld, assessment: Assessment, event: EventInput | None) -> None:
    member = world.members[0]
    if event is not None:
        added, problems = services.add_event(assessment, rubric_of(assessment), event, member)
        assert added is not None, problems
    services.submit_assessment(assessment, member)


def _of_record(assessment: Assessment) -> tuple[int, bool]:
    rated = finals_of_record([assessment.id])[assessment.id]
    return rated.stars, rated.vetoed


def _lowered_notices(db_session: Session) -> set[str]:
    kinds = select(OutboxMessage.to_address).where(OutboxMessage.kind == "final_lowered")
    return set(db_session.scalars(kinds))


def test_a_cap_in_the_resubmission_lowers_the_final_rating_everywhere(
    db_session: Session, client: FlaskClient, auth: AuthActions
) -> None:
    world, assessment = _final_three_returned()
    member = world.members[0]
    services.add_event(assessment, rubric_of(assessment), MASS_INCIDENT, member)
    db_session.commit()
    auth.login(member.email)
    submitted = client.post(f"/assessments/{assessment.id}/submit")
    assert submitted.status_code == 302

    assert _of_record(assessment) == (2, False)  # lists, roster, workbook, annual counts
    shown = shown_scorecard(assessment, rubric_of(assessment))  # result page, home, PDF
    assert shown.kind is SnapshotKind.FINAL
    lowered = shown.card.rating.lowered
    assert shown.card.rating.stars == 2
    assert lowered is not None
    assert lowered.peer_stars == 3
    assert [g.subject for g in lowered.gates] == ["V2"]
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == LOWERED_ACTION)).one()
    assert (entry.entity_id, entry.actor_id) == (assessment.id, world.members[0].id)
    assert _lowered_notices(db_session) == {world.lead.email, world.secretariat.email}

    page = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    assert "最终星级 3 星（同行评审）→ 2 星" in page
    assert "群体性事件" in page
    home = client.get("/").get_data(as_text=True)
    assert "最终星级 3 星（同行评审）→ 2 星" in home
    assert finals_of_record([assessment.id])[assessment.id].lowered_from == 3
    with force_locale("zh_CN"):  # the scorecard PDF and the results workbook say it too
        report = build_scorecard_report(assessment, "zh")
    assert report.page.lowered.startswith("最终星级 3 星（同行评审）→ 2 星：")
    auth.login(world.lead.email)  # the lead's to-do names it
    todo = client.get("/").get_data(as_text=True).split('id="lead-todo"')[1]
    assert f'id="todo-lowered-{assessment.id}"' in todo
    assert "重新提交的数据下调了最终星级（3 星 → 2 星），可能需要重新评审" in todo
    auth.login(world.secretariat.email)  # the year's roster flags it
    roster = client.get(f"/cycles/{world.cycle.id}/organisations").get_data(as_text=True)
    assert "由 3 星（同行评审）下调" in roster
    client.get("/lang/en")
    roster = client.get(f"/cycles/{world.cycle.id}/organisations").get_data(as_text=True)
    assert "lowered from 3 stars (peer-reviewed)" in roster
    page = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    assert "Final rating 3 stars (peer-reviewed) → 2 stars" in page


def test_a_no_star_veto_leaves_the_final_rating_without_any_star(db_session: Session) -> None:
    world, assessment = _final_three_returned()
    _resubmit(world, assessment, FATAL_ACCIDENT)
    assert _of_record(assessment) == (0, True)


def test_a_resubmission_without_a_veto_leaves_the_final_rating(db_session: Session) -> None:
    world, assessment = _final_three_returned()
    stored = find_snapshot(assessment, SnapshotKind.FINAL)
    assert stored is not None
    before = (stored.computed_at, stored.scorecard)
    _resubmit(world, assessment, None)
    stored = find_snapshot(assessment, SnapshotKind.FINAL)
    assert stored is not None
    assert (stored.computed_at, stored.scorecard) == before
    assert _of_record(assessment) == (3, False)
    assert _lowered_notices(db_session) == set()
    assert (
        db_session.scalars(select(AuditEntry).where(AuditEntry.action == LOWERED_ACTION)).all()
        == []
    )


def test_never_raised_again_nor_by_the_years_recompute(db_session: Session) -> None:
    world, assessment = _final_three_returned()
    _resubmit(world, assessment, MASS_INCIDENT)
    services.return_assessment(assessment, "事件登记有误", world.secretariat)
    # the incident deleted again: the data no longer cap, but only a re-review raises
    event = db_session.scalars(select(Event).where(Event.recorded_in_id == assessment.id)).one()
    services.delete_event(assessment, event, world.members[0])
    _resubmit(world, assessment, None)
    assert _of_record(assessment) == (2, False)
    recompute_year(world.cycle, world.secretariat)
    assert _of_record(assessment) == (2, False)
    stored = find_snapshot(assessment, SnapshotKind.FINAL)
    assert stored is not None
    lowered = snapshot_scorecard(stored).rating.lowered
    assert lowered is not None
    assert lowered.peer_stars == 3


def test_the_returned_result_page_shows_the_draft_beside_the_final_rating(
    db_session: Session, client: FlaskClient, auth: AuthActions
) -> None:
    world, assessment = _final_three_returned()
    rubric = rubric_of(assessment)
    services.add_event(assessment, rubric, MASS_INCIDENT, world.members[0])
    db_session.commit()
    auth.login(world.members[0].email)
    page = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    draft = page.split('id="draft-beside"')[1].split("</section>")[0]
    assert "按当前填写内容即时计算" in draft
    assert "如按当前内容重新提交，最终星级将下调：最终星级 3 星（同行评审）→ 2 星" in draft
    assert "最终结果（经同行评审）" in page  # the rating of record stays shown, unchanged
    assert _of_record(assessment) == (3, False)
    client.get("/lang/en")
    english = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    assert 'id="draft-beside"' in english
    assert "Final rating 3 stars" in english
