"""A section page reads its answers and evidence files in one statement (queries.section_rows).

Kept or rendered, the page's statements do not grow with its answers and files, and a
change made elsewhere (an answer, a file added or deleted, the user deactivated or their
password changed) shows on the very next request. Requests run in their own app context,
as in a worker (test_request_frame_fresh.fresh).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.accounts import services as accounts
from rcapp.assessments import services, storage
from rcapp.assessments.models import Answer, Assessment, Attachment
from rcapp.assessments.queries import rubric_of, section_rows
from rcapp.assessments.validation import ItemInput
from rcapp.db import ENGINE_KEY
from tests.conftest import AuthActions
from tests.factories import World
from tests.web.helpers import member_with_assessment
from tests.web.test_request_frame_fresh import fresh, opened


@contextmanager
def _statements(app: Flask, values: list[Any] | None = None) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(*args: object) -> None:
        seen.append(str(args[2]))
        if values is not None:
            values.append(args[3])

    engine = app.extensions[ENGINE_KEY]
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _attach(assessment: Assessment, item_id: str, name: str) -> Attachment:
    stored = storage.store_upload(
        io.BytesIO(b"%PDF-1.4\n%%EOF\n"), name, 1024 * 1024, storage.upload_dir()
    )
    attachment = Attachment(
        assessment=assessment,
        item_id=item_id,
        original_name=name,
        stored_name=stored.stored_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
    )
    db.session().add(attachment)
    db.session().flush()
    return attachment


def _draft(db_session: Session, auth: AuthActions) -> tuple[World, Assessment, str]:
    world, assessment = member_with_assessment(db_session, auth)
    return world, assessment, f"/assessments/{assessment.id}/sections/C1"


def _counted(app: Flask, client: FlaskClient, url: str) -> list[str]:
    with _statements(app) as seen:
        assert fresh(app, client, url).status_code == 200
    return seen


def test_answers_and_files_are_one_statement_that_does_not_grow_with_them(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment, url = _draft(db_session, auth)
    fresh(app, client, "/")  # reads the login's messages: a page with messages is not kept
    opened(app, client, url)
    empty_render, empty_kept = _counted(app, client, url + "?x=1"), _counted(app, client, url)

    answers = {
        "C1.E1.1": ItemInput(level="3", evidence_note="演练记录"),
        "C1.E1.2": ItemInput(value="2"),
    }
    result = services.save_section(assessment, rubric_of(assessment), "C1", answers, world.user_a)
    assert result.ok, result.problems
    for item_id in answers:
        for n in range(3):
            _attach(assessment, item_id, f"记录{n}.pdf")
    db_session.commit()

    full_render = _counted(app, client, url + "?x=2")
    opened(app, client, url)
    full_kept = _counted(app, client, url)
    assert len(full_render) == len(empty_render), full_render
    assert len(full_kept) == len(empty_kept), full_kept
    for seen in (full_render, full_kept, empty_kept):
        files = [s for s in seen if "FROM attachments" in s]
        assert files, seen
        assert all("FROM answers" in s for s in files), files  # the same statement
    assert len([s for s in full_kept if "FROM answers" in s]) == 1, full_kept


def test_a_changed_answer_and_files_show_on_the_next_request(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment, url = _draft(db_session, auth)
    fresh(app, client, "/")
    assert "实地演练记录甲" not in opened(app, client, url)

    note = {"C1.E1.1": ItemInput(level="2", evidence_note="实地演练记录甲")}
    assert services.save_section(assessment, rubric_of(assessment), "C1", note, world.user_a).ok
    db_session.commit()
    assert "实地演练记录甲" in fresh(app, client, url).get_data(as_text=True)

    first = _attach(assessment, "C1.E1.1", "第一份证据.pdf")
    db_session.commit()
    page = fresh(app, client, url).get_data(as_text=True)
    assert "第一份证据.pdf" in page
    _attach(assessment, "C1.E1.1", "第二份证据.pdf")
    db_session.commit()
    page = opened(app, client, url)
    assert page.index("第一份证据.pdf") < page.index("第二份证据.pdf")  # oldest first

    db_session.delete(first)
    db_session.commit()
    page = fresh(app, client, url).get_data(as_text=True)
    assert "第一份证据.pdf" not in page
    assert "第二份证据.pdf" in page


def test_a_deactivated_user_or_a_changed_password_ends_the_kept_page(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, _assessment, url = _draft(db_session, auth)
    fresh(app, client, "/")
    opened(app, client, url)
    accounts.set_password(world.user_a, "another horse battery staple")
    db_session.commit()
    ended = fresh(app, client, url)
    assert ended.status_code == 302
    assert "/login" in ended.headers["Location"]

    auth.login(world.user_a.email, "another horse battery staple")
    fresh(app, client, "/")
    opened(app, client, url)
    accounts.set_user_active(world.user_a, False, world.secretariat)
    db_session.commit()
    ended = fresh(app, client, url)
    assert ended.status_code == 302
    assert "/login" in ended.headers["Location"]


def test_rows_of_other_items_read_with_the_range_are_left_out(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """On SQLite the rows are read between the first and the last item id: only the
    section's items (and the section's own answer) are kept, whatever lies between."""
    world, assessment, url = _draft(db_session, auth)
    rubric = rubric_of(assessment)
    section = next(s for s in rubric.sections if s.id == "C1")
    items = [item.id for element in section.elements for item in element.items]
    stray = items[0] + "x"  # sorts between the section's first and last item ids
    assert min(items) < stray < max(items)
    assert stray not in items
    db_session.add(Answer(assessment=assessment, item_id=stray, evidence_note="范围内的别项"))
    _attach(assessment, stray, "别项的文件.pdf")
    _attach(assessment, "C1", "本节本身的文件.pdf")  # files are read for items only
    _attach(assessment, items[-1], "末项的文件.pdf")
    db_session.commit()

    fresh(app, client, "/")
    values: list[Any] = []
    with _statements(app, values) as seen:
        page = fresh(app, client, url).get_data(as_text=True)
    assert "末项的文件.pdf" in page
    kept = opened(app, client, url)
    for hidden in ("范围内的别项", "别项的文件.pdf", "本节本身的文件.pdf"):
        assert hidden not in page
        assert hidden not in kept
    rows = [(s, v) for s, v in zip(seen, values, strict=True) if "UNION ALL" in s]
    assert rows, seen
    if db.session().get_bind().dialect.name == "sqlite":
        # Not two values per item: the range's ends (twice), the assessment (twice), the section.
        for statement, bound in rows:
            assert " IN (" not in statement, statement
            assert statement.count("BETWEEN") == 2, statement
            assert len(bound) == 7, bound

    with app.test_request_context():
        answers, files = section_rows(assessment, items, "C1")
    assert set(answers) <= {*items, "C1"}
    assert stray not in answers
    assert set(files) == {items[-1]}
