"""A working group that has run peer reviews keeps its code, kind and code of practice
(QA23 D2); the in-use text spaces its number (S3)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.config import PROJECT_ROOT
from rcapp.organisations.models import WorkingGroup
from rcapp.reviews.models import Review, ReviewKind, ReviewStatus
from tests.conftest import AuthActions
from tests.factories import make_working_group, make_world, submitted_assessment


@pytest.fixture
def six_codes(app: Flask) -> Iterator[None]:
    """The project's rubrics (six codes of practice), once the test's assessment is made."""
    before = app.config["RUBRICS_DIR"]
    yield
    app.config["RUBRICS_DIR"] = before


def _reviewed_group(app: Flask, db_session: Session) -> tuple[WorkingGroup, str]:
    world = make_world()
    group = make_working_group(code="WG-PP", section_id="C3", name_zh="污染防治工作组")
    world.org_a.working_groups.append(group)
    review = Review(
        assessment=submitted_assessment(world),
        kind=ReviewKind.DESK,
        status=ReviewStatus.FINAL,
        working_group_id=group.id,
    )
    db_session.add(review)
    db_session.commit()
    app.config["RUBRICS_DIR"] = str(PROJECT_ROOT / "rubrics")
    return group, world.secretariat.email


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "code": "WG-PP",
        "kind": "code",
        "section_id": "C3",
        "name_zh": "污染防治工作组（新）",
        "name_en": "Pollution Prevention Working Group",
    }
    data.update(overrides)
    return data


def test_the_edit_page_shows_the_locked_fields_read_only(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions, six_codes: None
) -> None:
    group, email = _reviewed_group(app, db_session)
    auth.login(email)
    page = client.get(f"/working-groups/{group.id}/edit").get_data(as_text=True)
    assert "代码、类型和负责的准则保留在记录中，不能修改" in page
    assert 'id="section_id"' not in page
    assert '<input type="hidden" name="code" value="WG-PP">' in page
    assert "还有 1 个成员单位" in page  # S3: a space before the number


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [("code", "WG-PPX", "代码"), ("section_id", "C5", "负责的准则"), ("kind", "parks", "类型")],
)
def test_changing_a_locked_field_is_refused_naming_it(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    six_codes: None,
    auth: AuthActions,
    field: str,
    value: str,
    label: str,
) -> None:
    group, email = _reviewed_group(app, db_session)
    auth.login(email)
    response = client.post(f"/working-groups/{group.id}/edit", data=_form(**{field: value}))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f"这个工作组做过同行评审，“{label}”不能修改（只能修改名称）；未保存。" in page
    assert 'value="污染防治工作组（新）"' in page  # what was typed is kept
    db_session.expire_all()
    saved = db_session.get(WorkingGroup, group.id)
    assert saved is not None
    assert (saved.code, saved.kind, saved.section_id, saved.name_zh) == (
        "WG-PP",
        "code",
        "C3",
        "污染防治工作组",
    )


def test_a_reviewed_group_can_still_be_renamed(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions, six_codes: None
) -> None:
    group, email = _reviewed_group(app, db_session)
    auth.login(email)
    response = client.post(f"/working-groups/{group.id}/edit", data=_form())
    assert response.status_code == 302
    db_session.expire_all()
    saved = db_session.get(WorkingGroup, group.id)
    assert saved is not None
    assert (saved.code, saved.section_id, saved.name_zh) == ("WG-PP", "C3", "污染防治工作组（新）")


def test_a_second_group_for_an_owned_code_asks_for_confirmation(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions, six_codes: None
) -> None:
    """QA23 S4: not refused (the programme may split a code), but warned, naming the owner."""
    _group, email = _reviewed_group(app, db_session)
    auth.login(email)
    data = _form(code="WG-T1", name_zh="第二污染防治组")
    response = client.post("/working-groups/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "这项准则已由工作组“WG-PP 污染防治工作组”负责" in page
    assert 'name="share_section"' in page
    assert 'value="第二污染防治组"' in page
    db_session.expire_all()
    assert db_session.scalar(select(WorkingGroup).where(WorkingGroup.code == "WG-T1")) is None

    response = client.post("/working-groups/new", data={**data, "share_section": "y"})
    assert response.status_code == 302
    created = db_session.scalar(select(WorkingGroup).where(WorkingGroup.code == "WG-T1"))
    assert created is not None
    assert created.section_id == "C3"


def test_an_unowned_code_needs_no_confirmation(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions, six_codes: None
) -> None:
    group, email = _reviewed_group(app, db_session)
    auth.login(email)
    page = client.get("/working-groups/new").get_data(as_text=True)
    assert 'name="share_section"' not in page
    response = client.post("/working-groups/new", data=_form(code="WG-OH", section_id="C5"))
    assert response.status_code == 302
    # Renaming the owner of C3 does not ask again.
    assert client.post(f"/working-groups/{group.id}/edit", data=_form()).status_code == 302
