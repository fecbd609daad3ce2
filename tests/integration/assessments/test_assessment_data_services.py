"""KPI inputs, the event register, evidence files and the frozen scorecard JSON."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from rcapp.assessments import services, storage
from rcapp.assessments.events import local_today
from rcapp.assessments.inputs import ReviewContext
from rcapp.assessments.models import Assessment, Attachment, SnapshotKind
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.snapshots import find_snapshot, snapshot_review_context, snapshot_scorecard
from rcapp.assessments.validation import EventInput, ItemInput, KpiEntry
from rcapp.errors import InvalidState
from rcapp.scoring import codec
from tests.factories import (
    fill_complete,
    make_cycle,
    make_world,
    start,
    submitted_assessment,
)

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _kpis(assessment: Assessment) -> dict[str, Decimal]:
    return {v.input_id: v.value for v in assessment.kpi_values}


def test_kpi_inputs_check_integer_and_minimum_but_keep_the_valid_ones(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    entries = {
        "hours_employees": KpiEntry("1,200,000"),
        "lti_employees": KpiEntry("1.5"),
        "drills": KpiEntry("-2"),
    }
    result = services.save_kpi_inputs(assessment, rubric_of(assessment), entries, world.user_a)
    assert {(p.subject, p.code) for p in result.problems} == {
        ("lti_employees", "not_integer"),
        ("drills", "below_min"),
    }
    assert _kpis(assessment) == {"hours_employees": Decimal(1_200_000)}


def test_kpi_tenfold_jump_from_last_year_warns_but_is_saved(db_session: Session) -> None:
    world = make_world(year=2025)
    last_cycle = make_cycle(year=2024)
    last = services.get_or_start_assessment(world.org_a, last_cycle, world.user_a)
    rubric = fill_complete(last, world.user_a)
    services.save_kpi_inputs(last, rubric, {"drills": KpiEntry("3")}, world.user_a)
    services.submit_assessment(last, world.user_a)  # a draft's data would not count
    assessment = start(world)
    result = services.save_kpi_inputs(assessment, rubric, {"drills": KpiEntry("40")}, world.user_a)
    assert result.ok
    assert [(w.subject, w.code) for w in result.warnings] == [("drills", "implausible_jump")]
    assert _kpis(assessment) == {"drills": Decimal(40)}


def test_empty_kpi_value_removes_the_input(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    services.save_kpi_inputs(assessment, rubric, {"drills": KpiEntry("3")}, world.user_a)
    services.save_kpi_inputs(assessment, rubric, {"drills": KpiEntry("")}, world.user_a)
    db_session.flush()
    assert _kpis(assessment) == {}


def _accident(**changes: object) -> EventInput:
    values: dict[str, object] = {
        "event_type": "safety_accident",
        "grade": "larger",
        "occurred_on": (local_today() - dt.timedelta(days=30)).isoformat(),
        "fatalities": "3",
        "injuries": "1",
        "direct_loss": "120.5",
        "description": "储罐区火灾",
    }
    values.update(changes)
    return EventInput(**values)  # type: ignore[arg-type]


def test_event_with_wrong_fields_is_not_saved_and_every_problem_named(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    event, problems = services.add_event(
        assessment,
        rubric_of(assessment),
        _accident(grade="", occurred_on="2999-01-01", fatalities="-1", description=""),
        world.user_a,
    )
    assert event is None
    assert {p.field for p in problems} == {"grade", "occurred_on", "fatalities", "description"}


def test_event_register_feeds_the_veto(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    rubric = fill_complete(assessment, world.user_a)
    before = services.compute_scorecard(assessment, rubric)
    event, problems = services.add_event(assessment, rubric, _accident(), world.user_a)
    assert problems == []
    assert event is not None
    assert event.organisation_id == world.org_a.id
    after = services.compute_scorecard(assessment, rubric)
    assert [v.rule_id for v in after.rating.vetoes] == ["V1"]
    assert after.rating.stars == 0
    assert before.rating.vetoes == ()
    services.update_event(assessment, rubric, event, _accident(grade="general"), world.user_a)
    assert services.compute_scorecard(assessment, rubric).rating.vetoes == ()
    services.delete_event(assessment, event, world.user_a)


def test_evidence_file_is_stored_with_hash_and_removed_after_delete_commits(
    app: Flask, db_session: Session
) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    attachment = services.add_attachment(
        assessment, rubric, "MS.G1.1", "../承诺书.pdf", io.BytesIO(PDF), world.user_a
    )
    db_session.commit()
    path = Path(app.config["UPLOAD_DIR"]) / attachment.stored_name
    assert path.read_bytes() == PDF
    assert attachment.original_name == "承诺书.pdf"
    assert len(attachment.sha256) == 64
    assert attachment.size == len(PDF)
    services.delete_attachment(assessment, attachment, world.user_a)
    assert path.exists()  # not before the deletion is committed
    db_session.commit()
    assert not path.exists()


def test_evidence_file_of_a_rolled_back_upload_is_removed(app: Flask, db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    db_session.commit()
    attachment = services.add_attachment(
        assessment, rubric_of(assessment), "MS.G1.1", "a.pdf", io.BytesIO(PDF), world.user_a
    )
    path = Path(app.config["UPLOAD_DIR"]) / attachment.stored_name
    assert path.exists()
    db_session.rollback()
    assert not path.exists()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("tool.exe", b"MZ\x90\x00", "type"),
        ("tool.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "content"),
        ("photo.png", b"\xff\xd8\xff\xe0 jpeg really", "content"),
        ("sheet.xlsx", b"PK\x03\x04 not really a zip", "content"),
        ("empty.txt", b"", "empty"),
        ("binary.csv", b"a,b\x00c", "content"),
    ],
)
def test_evidence_of_the_wrong_type_is_refused(
    app: Flask, db_session: Session, name: str, content: bytes, code: str
) -> None:
    world = make_world()
    assessment = start(world)
    upload_dir = Path(app.config["UPLOAD_DIR"])
    before = set(upload_dir.glob("*"))
    with pytest.raises(storage.UploadRefused) as refused:
        services.add_attachment(
            assessment, rubric_of(assessment), "MS.G1.1", name, io.BytesIO(content), world.user_a
        )
    assert refused.value.code == code
    assert db_session.query(Attachment).count() == 0
    assert set(upload_dir.glob("*")) == before


def test_chinese_text_in_gb18030_is_accepted_as_csv(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    content = "装置,演练次数\n氯碱,2\n".encode("gb18030")
    attachment = services.add_attachment(
        assessment, rubric_of(assessment), "C1.E1.2", "演练.csv", io.BytesIO(content), world.user_a
    )
    assert attachment.content_type.startswith("text/csv")


def test_evidence_cannot_be_added_once_submitted(db_session: Session) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    with pytest.raises(InvalidState):
        services.add_attachment(
            assessment, rubric_of(assessment), "MS.G1.1", "a.pdf", io.BytesIO(PDF), world.user_a
        )


def test_evidence_note_counts_as_evidence_in_the_score(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    services.save_section(assessment, rubric, "MS", {"MS.G1.1": ItemInput(level="3")}, world.user_a)
    capped = services.compute_scorecard(assessment, rubric).item("MS.G1.1")
    assert (capped.claimed_level, capped.effective_level) == (3, 1)
    services.add_attachment(assessment, rubric, "MS.G1.1", "a.pdf", io.BytesIO(PDF), world.user_a)
    counted = services.compute_scorecard(assessment, rubric).item("MS.G1.1")
    assert counted.effective_level == 3


def test_submit_keeps_a_self_snapshot_with_the_pinned_rubric_and_the_stored_score(
    db_session: Session,
) -> None:
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    card = services.submit_assessment(assessment, world.user_a)
    snapshot = find_snapshot(assessment, SnapshotKind.SELF)
    assert snapshot is not None
    assert (snapshot.rubric_id, snapshot.rubric_version, snapshot.rubric_sha256) == (
        "mini-company",
        1,
        assessment.rubric_sha256,
    )
    assert snapshot.codec_version == codec.CODEC_VERSION
    assert (snapshot.overall_score, snapshot.stars) == (assessment.overall_score, assessment.stars)
    assert snapshot_scorecard(snapshot) == card
    assert snapshot_review_context(snapshot) == ReviewContext()
    document = json.loads(snapshot.scorecard)
    assert document["scorecard"]["sections"][0]["title"] == {
        "zh": "管理体系",
        "en": "Management system",
    }


def test_returning_drops_the_self_snapshot_and_resubmitting_writes_it_again(
    db_session: Session,
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    services.return_assessment(assessment, "请补充证据", world.user_a)
    assert find_snapshot(assessment, SnapshotKind.SELF) is None
    services.submit_assessment(assessment, world.user_a)
    assert find_snapshot(assessment, SnapshotKind.SELF) is not None


def test_kpi_history_counts_consecutive_years(db_session: Session) -> None:
    world = make_world(year=2025)
    last = services.get_or_start_assessment(world.org_a, make_cycle(year=2024), world.user_a)
    fill_complete(last, world.user_a)
    services.submit_assessment(last, world.user_a)  # a draft's data would not count
    assessment = start(world)
    rubric = fill_complete(assessment, world.user_a)
    card = services.compute_scorecard(assessment, rubric)
    reported = [g for b in card.rating.bands for g in b.gates if g.kind.value == "kpis_reported"]
    assert reported
    assert all(g.actual == Decimal(2) for g in reported)
