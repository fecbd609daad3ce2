"""A submitted (or closed-year) assessment's write pages say why they are locked (QA11 D4, D5).

Not "no permission" (403): a 409 page saying it was submitted when and by whom, locked
until the secretariat returns it, with the template download still offered. The read-only
pages say the same, and the advice to upload files (which cannot be followed) shrinks.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from rcapp.assessments import services
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.cycles.models import CycleStatus
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewKind
from tests.conftest import AuthActions
from tests.factories import World
from tests.factories_reviews import make_review_world
from tests.web.helpers import PDF, member_with_assessment, page_text

SUBMITTED = "由{name} 提交。"  # a name ending in a digit keeps its space
ASK = "如需修改，请联系秘书处退回本自评。"
NO_PERMISSION = "您没有权限"


def _submitted(db_session: Session, auth: AuthActions) -> tuple[World, Assessment]:
    world, assessment = member_with_assessment(db_session, auth, filled=True)
    services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    return world, assessment


Write = Callable[[FlaskClient, int], TestResponse]

WRITE_PAGES: dict[str, Write] = {
    "import page": lambda c, a: c.get(f"/reports/assessments/{a}/import"),
    "import upload": lambda c, a: c.post(
        f"/reports/assessments/{a}/import",
        data={"file": (io.BytesIO(b"x"), "t.xlsx")},
        content_type="multipart/form-data",
    ),
    "evidence upload": lambda c, a: c.post(
        f"/assessments/{a}/items/MS.G1.1/evidence",
        data={"file": (io.BytesIO(PDF), "a.pdf")},
        content_type="multipart/form-data",
    ),
    "copy from last year": lambda c, a: c.post(f"/assessments/{a}/copy-previous"),
}


@pytest.mark.parametrize("page", list(WRITE_PAGES))
def test_a_write_page_of_a_submitted_assessment_says_it_is_locked_and_why(
    page: str, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _submitted(db_session, auth)
    response = WRITE_PAGES[page](client, assessment.id)
    text = response.get_data(as_text=True)
    assert response.status_code == 409, (page, response.status_code)
    assert NO_PERMISSION not in text
    assert "本自评已于 " in text
    assert SUBMITTED.format(name=world.user_a.name) in text
    assert "自评已锁定，秘书处退回之前不能修改。" in text
    assert ASK in text
    assert f'href="/reports/assessments/{assessment.id}/template.xlsx"' in text
    assert f'href="/assessments/{assessment.id}"' in text


# Forms shown on an editable page, saved after the lock: the page again, input kept (qa41 D3).
KEPT_PAGES: dict[str, Write] = {
    "event form": lambda c, a: c.post(f"/assessments/{a}/events", data={"description": "x"}),
    "target": lambda c, a: c.post(f"/assessments/{a}/targets", data={"note": "x"}),
}


@pytest.mark.parametrize("page", list(KEPT_PAGES))
def test_a_form_saved_after_the_submit_says_so_and_keeps_the_input(
    page: str, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _submitted(db_session, auth)
    response = KEPT_PAGES[page](client, assessment.id)
    text = response.get_data(as_text=True)
    assert response.status_code == 409, (page, response.status_code)
    assert NO_PERMISSION not in text
    assert f"由{world.user_a.name} 提交，不能再修改；您的输入未保存，仍显示在页面上。" in text
    assert "自评已锁定，秘书处退回之前不能修改。" in text  # the page's own lock notice
    assert ASK in text


def test_the_locked_import_page_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _submitted(db_session, auth)
    client.get("/lang/en")
    response = client.get(f"/reports/assessments/{assessment.id}/import")
    text = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "submitted on " in text
    assert f"by {world.user_a.name}." in text
    assert "ask the secretariat to return it" in text
    assert "Download the template" in text


def test_another_organisation_is_still_refused_permission(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _submitted(db_session, auth)
    auth.logout()
    auth.login(world.user_b.email)
    response = client.get(f"/reports/assessments/{assessment.id}/import")
    assert response.status_code == 403
    assert "秘书处退回" not in response.get_data(as_text=True)


def test_a_closed_year_says_so(client: FlaskClient, db_session: Session, auth: AuthActions) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    world.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    response = client.get(f"/reports/assessments/{assessment.id}/import")
    assert response.status_code == 409
    assert "2025 年度已关闭，本年度的自评不能再修改。" in response.get_data(as_text=True)
    section = page_text(client, f"/assessments/{assessment.id}/sections/C1")
    assert "2025 年度已关闭" in section
    assert "如需更正，请联系秘书处。" in section


def test_the_read_only_section_page_says_why_and_shrinks_the_upload_advice(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth, filled=True)
    rubric = rubric_of(assessment)
    capped = {"C1.E1.1": ItemInput(level="4", evidence_note="")}  # level 4, no evidence
    services.save_section(assessment, rubric, "C1", capped, world.user_a)
    services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    text = page_text(client, f"/assessments/{assessment.id}/sections/C1")
    assert "本自评当前不可编辑" not in text
    assert SUBMITTED.format(name=world.user_a.name) in text
    assert ASK in text
    # The advice to upload files, which cannot be followed now: one line, no list of links.
    assert 'id="capped-title"' not in text
    assert '<p class="help" id="capped-items">' in text
    for url in ("prerequisites", "kpis", "events"):
        assert ASK in page_text(client, f"/assessments/{assessment.id}/{url}")


def test_the_secretariat_is_told_why_but_not_whom_to_ask(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _submitted(db_session, auth)
    auth.logout()
    auth.login(world.secretariat.email)
    text = page_text(client, f"/assessments/{assessment.id}/sections/C1")
    assert SUBMITTED.format(name=world.user_a.name) in text
    assert ASK not in text


def test_a_peer_review_underway_is_named_on_the_kept_page_at_once(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(n=3)
    db_session.commit()
    auth.login(world.members[0].email)
    url = f"/assessments/{world.assessments[0].id}/sections/C1"
    before = page_text(client, url)
    assert "本自评正在同行评审中。" not in before
    assert "本自评正在同行评审中。" not in page_text(client, url)  # kept now
    review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, [world.reviewers[1]], world.lead
    )
    db_session.commit()
    assert "本自评正在同行评审中。" in page_text(client, url)
