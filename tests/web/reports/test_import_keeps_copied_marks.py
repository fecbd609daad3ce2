"""An Excel import keeps the "copied from last year" mark of an answer whose level it leaves
as copied (a comment added beside it), and removes it only where the file changes the answer,
in zh and en. Saved on its page, a copied answer counts as reviewed (test_copied_answers_marked)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments import services
from rcapp.assessments.models import Answer, AssessmentStatus
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.cycles.models import CycleStatus
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_user, make_world, start
from tests.web.reports.test_import_excel_habits import _apply, _fill, _upload

MARK = {"zh_CN": "从 2024 年度复制，请核对后保存", "en": "Copied from 2024: review and save"}


def _copied(client: FlaskClient, db_session: Session, auth: AuthActions) -> int:
    """Organisation A's 2025 draft with C1.E1.1 and C1.E1.2 copied from 2024; admin signed in."""
    world = make_world(year=2025)
    current = start(world)
    rubric = rubric_of(current)
    previous = make_assessment(
        world.org_a,
        make_cycle(year=2024, status=CycleStatus.CLOSED),
        rubric_sha256=current.rubric_sha256,
    )
    typed = {
        "C1.E1.1": ItemInput(level="3", evidence_note="去年演练"),
        "C1.E1.2": ItemInput(level="2", evidence_note="去年记录"),
    }
    services.save_section(previous, rubric, "C1", typed, world.user_a)
    previous.status = AssessmentStatus.SUBMITTED
    admin = make_user(world.org_a, OrgRole.ADMIN)
    db_session.commit()
    auth.login(admin.email)
    assert client.post(f"/assessments/{current.id}/copy-previous").status_code == 302
    return current.id


def _marks(db_session: Session, assessment_id: int) -> dict[str, int | None]:
    db_session.expire_all()
    rows = db_session.query(Answer).filter_by(assessment_id=assessment_id)
    return {a.item_id: a.copied_from_year for a in rows}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_an_import_keeps_the_mark_of_an_answer_it_leaves_as_copied(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    client.get(f"/lang/{lang}?next=/")
    assessment_id = _copied(client, db_session, auth)
    assert _marks(db_session, assessment_id) == {"C1.E1.1": 2024, "C1.E1.2": 2024}
    template = client.get(f"/reports/assessments/{assessment_id}/template.xlsx").data
    # C1.E1.1's level left as copied, a comment added; C1.E1.2 another level; MS.G1.1 new
    filled = _fill(
        template,
        {
            ("C1", "C1.E1.1", "I"): "今年同去年",
            ("C1", "C1.E1.2", "E"): 1,
            ("MS", "MS.G1.1", "E"): 2,
        },
    )
    status, page = _upload(client, assessment_id, filled)
    assert status == 200, page
    _apply(client, assessment_id, page)
    db_session.expire_all()
    comment = db_session.query(Answer).filter_by(assessment_id=assessment_id, item_id="C1.E1.1")
    assert comment.one().comment == "今年同去年"
    assert _marks(db_session, assessment_id) == {
        "C1.E1.1": 2024,
        "C1.E1.2": None,
        "MS.G1.1": None,
    }
    section = client.get(f"/assessments/{assessment_id}/sections/C1").get_data(as_text=True)
    assert f'id="copied-C1.E1.1">{MARK[lang]}</p>' in section
    assert 'id="copied-C1.E1.2"' not in section
