"""A bulk confirmation or cancellation whose held files went meanwhile: said, nothing stored.

Another tab confirmed or cancelled the same files, or they were held too long and removed;
the races are made deterministic by removing the files between the preview and the
confirmation, and by confirming twice.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable, Sequence

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import bulk_evidence, held_evidence
from rcapp.assessments.models import Assessment, Attachment
from rcapp.assessments.queries import rubric_of
from tests.conftest import AuthActions
from tests.factories import World, make_world, start
from tests.web.helpers import PDF
from tests.web.test_bulk_evidence import (  # noqa: F401 - the fixture clears held files
    _choose,
    _confirm,
    _no_held_files,
    _shown,
    _stored_files,
    _text,
)

FILES = {"C1.E1.1 演练记录.pdf": PDF + b"1", "MS.G1.1 承诺书.pdf": PDF + b"2"}
GONE = {
    "zh": "没有上传任何文件：预览中的文件已在另一个页面中确认或取消（或保留时间已过）。",
    "en": "No file was uploaded: the files in this preview were already confirmed or "
    "cancelled in another tab (or were held too long).",
}


def _draft(client: FlaskClient, db_session: Session, auth: AuthActions, lang: str) -> World:
    world = make_world()
    start(world)
    db_session.commit()
    auth.login(world.user_a.email)
    if lang == "en":
        client.get("/lang/en")
    return world


def _assessment(db_session: Session) -> Assessment:
    return db_session.query(Assessment).one()


def _decide(client: FlaskClient, assessment_id: int, page: str, action: str) -> str:
    """Confirm or cancel the files `page` showed; return the page's text after it."""
    keys = re.findall(r'name="shown" value="(\w+)"', page)  # in either language
    assert keys, page
    response = client.post(
        f"/assessments/{assessment_id}/evidence/bulk/confirm",
        data={"action": action, "shown": keys},
        follow_redirects=True,
    )
    assert response.status_code == 200
    return _text(response.get_data(as_text=True))


def _remove_after_preview(monkeypatch: pytest.MonkeyPatch, remove: Callable[[], object]) -> None:
    """Run `remove` (another tab's doing) once the confirmation has read its preview rows."""
    preview = bulk_evidence.preview

    def then_remove(*args: object) -> Sequence[bulk_evidence.PreviewRow]:
        rows = preview(*args)  # type: ignore[arg-type]
        remove()
        return rows

    monkeypatch.setattr(bulk_evidence, "preview", then_remove)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_confirming_files_another_tab_cancelled_says_so_and_stores_nothing(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    _draft(client, db_session, auth, lang)
    assessment = _assessment(db_session)
    before = _stored_files(app)  # the suite's upload folder holds other tests' files
    page = _choose(client, assessment.id, FILES)
    _decide(client, assessment.id, page, "cancel")  # the other tab, showing the same preview

    assert GONE[lang] in _decide(client, assessment.id, page, "confirm")
    assert db_session.query(Attachment).count() == 0
    assert _stored_files(app) == before


@pytest.mark.parametrize("how", ["cancelled in another tab", "removed as held too long"])
def test_files_gone_between_the_preview_and_their_storing_store_nothing(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    world = _draft(client, db_session, auth, "zh")
    assessment = _assessment(db_session)
    before = _stored_files(app)  # the suite's upload folder holds other tests' files
    page = _choose(client, assessment.id, FILES)
    folder = held_evidence.held_dir(assessment, world.user_a)
    keys = set(_shown(page).values())
    if how == "cancelled in another tab":
        _remove_after_preview(
            monkeypatch, lambda: held_evidence.release_held(assessment, world.user_a, keys)
        )
    else:
        _remove_after_preview(monkeypatch, lambda: shutil.rmtree(folder, ignore_errors=True))

    status, back = _confirm(client, assessment.id, page)  # once a server error
    assert status == 200
    assert GONE["zh"] in _text(back)
    assert db_session.query(Attachment).count() == 0
    assert _stored_files(app) == before  # no copy written before the files were missed
    assert not folder.exists()  # the lock left no empty folder behind


def test_confirming_twice_stores_the_files_once(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _draft(client, db_session, auth, "zh")
    assessment = _assessment(db_session)
    page = _choose(client, assessment.id, FILES)
    _status, done = _confirm(client, assessment.id, page)
    assert "已为 2 项上传 2 个文件" in _text(done)

    status, again = _confirm(client, assessment.id, page)  # the same preview in another tab
    assert status == 200
    assert GONE["zh"] in _text(again)
    assert db_session.query(Attachment).count() == 2


def test_cancelling_files_another_tab_confirmed_does_not_claim_a_cancellation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _draft(client, db_session, auth, "en")
    assessment = _assessment(db_session)
    page = _choose(client, assessment.id, FILES)
    _decide(client, assessment.id, page, "confirm")

    said = _decide(client, assessment.id, page, "cancel")
    assert GONE["en"] in said
    assert "Cancelled" not in said
    assert db_session.query(Attachment).count() == 2  # the other tab's upload stands


def test_a_second_confirmation_before_the_first_commits_finds_the_files_claimed(
    app: Flask, db_session: Session
) -> None:
    world = make_world()
    assessment = start(world)
    db_session.commit()
    rubric = rubric_of(assessment)
    held_evidence.hold_files(
        assessment, world.user_a, [(name, io.BytesIO(data)) for name, data in FILES.items()]
    )

    def rows() -> list[bulk_evidence.PreviewRow]:
        held = held_evidence.held_files(assessment, world.user_a)
        return bulk_evidence.preview(assessment, rubric, held, {})

    both = rows()
    done = bulk_evidence.confirm(assessment, rubric, both, world.user_a)  # not yet committed
    assert len(done.stored) == 2
    assert held_evidence.held_files(assessment, world.user_a) == []  # the other tab's view
    with pytest.raises(bulk_evidence.HeldGone):
        bulk_evidence.confirm(assessment, rubric, both, world.user_a)
    assert held_evidence.release_held(assessment, world.user_a, {r.held.key for r in both}) == 0

    db_session.rollback()  # the first one is not committed: its files are held again
    assert {h.name for h in held_evidence.held_files(assessment, world.user_a)} == set(FILES)
    again = rows()
    bulk_evidence.confirm(assessment, rubric, again, world.user_a)
    db_session.commit()
    assert db_session.query(Attachment).count() == 2
    assert not held_evidence.held_dir(assessment, world.user_a).exists()
