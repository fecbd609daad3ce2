"""The section and result pages keep rubric text and kept snapshots' pages per process.

What is kept must never show one language's, one organisation's or an outdated
snapshot's content on another page: these tests view the same pages in turn under
different languages, organisations and snapshots, and check each shows its own.
"""

from __future__ import annotations

import re
import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.returns import return_with_item_comments
from rcapp.assessments.validation import ItemInput
from tests.conftest import AuthActions
from tests.factories import World, fill_complete, make_world, start
from tests.web.helpers import member_with_assessment, page_text, result_page, upload_evidence


def _section(client: FlaskClient, assessment: Assessment) -> str:
    return page_text(client, f"/assessments/{assessment.id}/sections/C1")


def _overall(page: str) -> str:
    found = re.search(r"<strong>([0-9.]+)</strong> / 100", page)
    assert found is not None, "no overall score on the result page"
    return found.group(1)


def test_a_section_viewed_in_turn_in_both_languages_shows_each_language(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    zh = _section(client, assessment)
    client.get("/lang/en")
    en = _section(client, assessment)
    client.get("/lang/zh_CN")
    zh_again = _section(client, assessment)
    assert "每年至少一次综合演练并评估" in zh  # the prompt, kept per language
    assert "依据：" in zh
    assert "演练方案、记录与评估报告" in zh
    assert "上传证据文件（可多选）" in zh  # the upload block, kept per language
    assert "At least one full-scale drill a year, evaluated" in en
    assert "Based on: " in en
    assert "Drill plan, records and evaluation" in en
    assert "每年至少一次综合演练并评估" not in en
    assert "全面实施" in zh
    assert "Fully implemented" in en
    assert "全面实施" not in en
    assert "Drill plan, records and evaluation" not in zh
    assert zh_again == zh


def _answer_c1(world: World, assessment: Assessment, note: str, level: str) -> None:
    actor = world.user_a if assessment.organisation is world.org_a else world.user_b
    answers = {"C1.E1.1": ItemInput(level=level, evidence_note=note)}
    result = services.save_section(assessment, rubric_of(assessment), "C1", answers, actor)
    assert result.ok, result.problems


def test_two_organisations_see_their_own_answers_on_the_same_section(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    mine, theirs = start(world), start(world, world.org_b)
    _answer_c1(world, mine, "甲方演练记录", "3")
    _answer_c1(world, theirs, "乙方演练记录", "1")
    db_session.commit()
    auth.login(world.user_a.email)
    page_a = _section(client, mine)
    assert client.get(f"/assessments/{theirs.id}/sections/C1").status_code == 403
    auth.logout()
    auth.login(world.user_b.email)
    page_b = _section(client, theirs)
    assert "甲方演练记录" in page_a
    assert "乙方演练记录" not in page_a
    assert "乙方演练记录" in page_b
    assert "甲方演练记录" not in page_b
    assert 'checked id="C1.E1.1__level-3"' in page_a
    assert 'checked id="C1.E1.1__level-1"' in page_b
    assert client.get(f"/assessments/{mine.id}/sections/C1").status_code == 403
    # The rubric's text is the same on both pages (from the same kept fragments).
    assert page_a.count("每年至少一次综合演练并评估") == page_b.count("每年至少一次综合演练并评估")


def _submit(world: World, assessment: Assessment, level: str) -> None:
    actor = world.user_a if assessment.organisation is world.org_a else world.user_b
    fill_complete(assessment, actor)
    _answer_c1(world, assessment, "演练记录", level)
    services.submit_assessment(assessment, actor)


def test_each_submitted_assessment_shows_its_own_scores_in_each_language(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    high, low = start(world), start(world, world.org_b)
    _submit(world, high, "4")
    _submit(world, low, "0")
    db_session.commit()
    auth.login(world.secretariat.email)
    zh_high, zh_low = result_page(client, high.id), result_page(client, low.id)
    client.get("/lang/en")
    en_high, en_low = result_page(client, high.id), result_page(client, low.id)
    assert float(_overall(zh_high)) > float(_overall(zh_low))
    assert _overall(en_high) == _overall(zh_high)
    assert _overall(en_low) == _overall(zh_low)
    assert "得分与星级" in zh_high
    assert "得分与星级" not in en_high
    assert "Overall score" in en_high
    assert "Overall score" not in zh_high
    # Each page links to its own assessment's sections.
    assert f"/assessments/{high.id}/sections/" in zh_high
    assert f"/assessments/{low.id}/sections/" not in zh_high
    assert f"/assessments/{low.id}/sections/" in en_low


def test_a_resubmitted_assessment_shows_its_new_snapshot_not_the_kept_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    _submit(world, assessment, "4")
    db_session.commit()
    auth.login(world.user_a.email)
    before = _overall(result_page(client, assessment.id))
    services.return_assessment(assessment, "请核对演练等级", world.secretariat)
    _answer_c1(world, assessment, "演练记录", "0")
    services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    after = _overall(result_page(client, assessment.id))
    assert float(after) < float(before)


def test_a_kept_section_page_shows_every_change_made_after_it_was_viewed(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """Answers, evidence files, return notes and the right to edit each change the page."""
    world = make_world()
    assessment = start(world)
    _answer_c1(world, assessment, "第一版演练记录", "2")
    db_session.commit()
    auth.login(world.user_a.email)
    first = _section(client, assessment)
    assert _section(client, assessment) == first  # served again, unchanged
    assert "第一版演练记录" in first
    assert 'checked id="C1.E1.1__level-2"' in first

    _answer_c1(world, assessment, "第二版演练记录", "3")
    db_session.commit()
    second = _section(client, assessment)
    assert "第二版演练记录" in second
    assert "第一版演练记录" not in second
    assert 'checked id="C1.E1.1__level-3"' in second

    upload = upload_evidence(client, assessment.id, "演练照片.pdf", item_id="C1.E1.1")
    assert upload.status_code in (302, 303)
    with_file = _section(client, assessment)
    assert "演练照片.pdf" in with_file
    assert 'name="evidence-C1.E1.1"' in with_file  # may still upload

    _submit(world, assessment, "3")
    db_session.commit()
    locked = _section(client, assessment)
    assert 'name="evidence-C1.E1.1"' not in locked  # submitted: no upload, no edit
    assert 'type="radio"' not in locked
    assert "演练照片.pdf" in locked

    return_with_item_comments(
        assessment, "请补充", {"C1.E1.1": "演练评估报告缺少签字页"}, world.secretariat
    )
    db_session.commit()
    returned = _section(client, assessment)
    assert "演练评估报告缺少签字页" in returned
    assert 'name="evidence-C1.E1.1"' in returned

    # Returned again, with the same answers and files: only the note differs.
    services.submit_assessment(assessment, world.user_a)
    return_with_item_comments(assessment, "再补充", {"C1.E1.1": "签字页模糊"}, world.secretariat)
    db_session.commit()
    again = _section(client, assessment)
    assert "签字页模糊" in again
    assert "演练评估报告缺少签字页" not in again


def test_the_same_answers_in_two_assessments_link_to_each_ones_own_files(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    mine, theirs = start(world), start(world, world.org_b)
    _answer_c1(world, mine, "同样的记录", "2")
    _answer_c1(world, theirs, "同样的记录", "2")
    db_session.commit()
    auth.login(world.secretariat.email)
    page_mine = _section(client, mine)
    page_theirs = _section(client, theirs)
    assert f"/assessments/{mine.id}/" in page_mine
    assert f"/assessments/{theirs.id}/" not in page_mine
    assert f"/assessments/{theirs.id}/" in page_theirs
    assert f"/assessments/{mine.id}/" not in page_theirs


def test_a_partly_refused_save_shows_the_typed_input_then_what_was_stored(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    _answer_c1(world, assessment, "已保存的记录", "2")
    db_session.commit()
    auth.login(world.user_a.email)
    stored = _section(client, assessment)
    fields = dict(
        re.findall(
            r'<input id="([^"]+__version)" name="[^"]+" type="hidden" value="([^"]*)"', stored
        )
    )
    # A number too large is refused and shown as typed, with the error; the rest is saved.
    response = client.post(
        f"/assessments/{assessment.id}/sections/C1",
        data={**fields, "C1.E1.2__value": "1e300", "C1.E1.1__evidence_note": "刚输入的记录"},
    )
    assert response.status_code == 422
    refused = response.get_data(as_text=True)
    assert "刚输入的记录" in refused
    assert 'value="1e300"' in refused
    again = _section(client, assessment)
    assert again != stored
    assert "刚输入的记录" in again
    assert 'value="1e300"' not in again


def test_a_viewer_and_an_editor_of_the_same_answers_each_see_their_own_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    _answer_c1(world, assessment, "同一份记录", "2")
    db_session.commit()
    auth.login(world.user_a.email)
    editable = _section(client, assessment)
    auth.logout()
    auth.login(world.secretariat.email)
    read_only = _section(client, assessment)
    auth.logout()
    auth.login(world.user_a.email)
    again = _section(client, assessment)
    assert 'type="radio"' in again
    assert 'name="evidence-C1.E1.1"' in again
    assert 'type="radio"' in editable
    assert 'name="evidence-C1.E1.1"' in editable
    assert 'type="radio"' not in read_only
    assert 'name="evidence-C1.E1.1"' not in read_only
    assert "同一份记录" in read_only


def test_a_second_file_shows_though_no_answer_changed(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    _answer_c1(world, assessment, "记录", "2")
    db_session.commit()
    auth.login(world.user_a.email)
    upload_evidence(client, assessment.id, "第一份.pdf", item_id="C1.E1.1")
    first = _section(client, assessment)
    upload_evidence(client, assessment.id, "第二份.pdf", item_id="C1.E1.1")
    second = _section(client, assessment)
    assert "第一份.pdf" in first
    assert "第二份.pdf" not in first
    assert "第一份.pdf" in second
    assert "第二份.pdf" in second


def test_a_signed_csrf_token_is_kept_only_for_its_own_session_token_and_second(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flask import session
    from flask_wtf.csrf import generate_csrf, validate_csrf

    from rcapp.csrf_token import csrf_token

    now = [1_800_000_000.2]
    monkeypatch.setattr(time, "time", lambda: now[0])

    def signed(raw: str) -> tuple[str, str]:
        """This request's token through the kept signing, and Flask-WTF's own (fresh `g`)."""
        with app.test_request_context("/"):
            session["csrf_token"] = raw
            kept = csrf_token()
            assert csrf_token() == kept  # the same all through the request
            validate_csrf(kept)
        with app.test_request_context("/"):
            session["csrf_token"] = raw
            return kept, str(generate_csrf())

    first, expected = signed("a" * 40)
    assert first == expected
    again, _ = signed("a" * 40)
    assert again == first  # same session token, same second: signed once
    other, other_expected = signed("b" * 40)
    assert other == other_expected != first  # another session's token is its own
    now[0] += 1
    later, later_expected = signed("a" * 40)
    assert later == later_expected != first  # a new second is signed anew
