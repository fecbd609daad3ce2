"""Answers copied from last year are marked on their page until the page is saved (qa6 11)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import Answer, AssessmentStatus
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.cycles.models import CycleStatus
from tests.conftest import AuthActions
from tests.factories import World, make_assessment, make_cycle, make_world, start
from tests.web.helpers import page_text


def _copied(db_session: Session, auth: AuthActions, client: FlaskClient) -> tuple[World, int]:
    """Organisation A's 2025 draft after copying C1.E1.1 from 2024 (MS.G1.2 typed)."""
    world = make_world(year=2025)
    current = start(world)
    rubric = rubric_of(current)
    previous = make_assessment(
        world.org_a,
        make_cycle(year=2024, status=CycleStatus.CLOSED),
        rubric_sha256=current.rubric_sha256,
    )
    services.save_section(
        previous,
        rubric,
        "C1",
        {"C1.E1.1": ItemInput(level="3", evidence_note="去年演练")},
        world.user_a,
    )
    previous.status = AssessmentStatus.SUBMITTED
    services.save_section(current, rubric, "MS", {"MS.G1.2": ItemInput(level="1")}, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    assert client.post(f"/assessments/{current.id}/copy-previous").status_code == 302
    return world, current.id


@pytest.mark.parametrize(
    ("lang", "mark"),
    [("zh_CN", "从 2024 年度复制，请核对后保存"), ("en", "Copied from 2024: review and save")],
)
def test_a_copied_answer_is_marked_until_its_page_is_saved(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, mark: str
) -> None:
    _world, assessment_id = _copied(db_session, auth, client)
    client.get(f"/lang/{lang}?next=/")
    url = f"/assessments/{assessment_id}/sections/C1"
    for _visit in range(2):  # the second visit is served from the kept page
        page = page_text(client, url)
        assert f'id="copied-C1.E1.1">{mark}</p>' in page
    assert 'id="copied-C1.E1.2"' not in page  # nothing copied there
    # Saved unchanged: reviewed, so the mark goes.
    saved = client.post(
        url, data={"C1.E1.1__level": "3", "C1.E1.1__evidence_note": "去年演练", "anchor": "x"}
    )
    assert saved.status_code == 302
    assert "copied-C1.E1.1" not in page_text(client, url)


def test_a_typed_answer_carries_no_mark_and_a_change_anywhere_removes_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment_id = _copied(db_session, auth, client)

    def marks() -> dict[str, int | None]:
        db_session.expire_all()
        rows = db_session.query(Answer).filter_by(assessment_id=assessment_id)
        return {a.item_id: a.copied_from_year for a in rows}

    assert marks() == {"C1.E1.1": 2024, "MS.G1.2": None}  # MS.G1.2 was typed this year
    answer = db_session.query(Answer).filter_by(assessment_id=assessment_id).first()
    assert answer is not None
    assessment = answer.assessment
    # Changed through the service the Excel import uses as well (changes.apply_answer).
    services.save_section(
        assessment,
        rubric_of(assessment),
        "C1",
        {"C1.E1.1": ItemInput(level="2", evidence_note="今年演练")},
        world.user_a,
    )
    db_session.commit()
    assert marks()["C1.E1.1"] is None
