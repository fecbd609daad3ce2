"""Times in Beijing time with a label; English plurals and punctuation; the audit log in words."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask, session
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.audit.services import record
from rcapp.clock import beijing_today
from rcapp.web import beijing_time, cited_reference
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_organisation, make_secretariat, make_world, start


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh_CN", "2026-04-01 04:30（北京时间）"), ("en", "2026-04-01 04:30 (Beijing time)")],
)
def test_times_are_shown_in_beijing_time_with_a_label(app: Flask, lang: str, expected: str) -> None:
    moment = dt.datetime(2026, 3, 31, 20, 30, tzinfo=dt.UTC)
    with app.test_request_context(), app.app_context():
        session["lang"] = lang
        assert beijing_time(moment) == expected
        assert beijing_time(None) == "—"


def _english(client: FlaskClient) -> None:
    response = client.get("/lang/en")
    assert response.status_code == 302, response.get_data(as_text=True)


@pytest.mark.parametrize(("days", "text"), [(1, "1 day left"), (2, "2 days left")])
def test_english_pages_use_english_plurals(
    client: FlaskClient, db_session: Session, auth: AuthActions, days: int, text: str
) -> None:
    cycle = make_cycle(deadline=beijing_today() + dt.timedelta(days=days))
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    _english(client)
    page = client.get(f"/cycles/{cycle.id}/organisations").get_data(as_text=True)
    assert text in page
    assert "0 organisations in all" in page
    make_organisation(name_zh="甲", commitment_status="signed")
    db_session.commit()
    page = client.get(f"/cycles/{cycle.id}/organisations").get_data(as_text=True)
    assert "1 organisation in all" in page
    assert "（" not in page.split("<main", 1)[1]  # no full-width brackets around English text


def _audit_world(db_session: Session) -> str:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    services.save_section(assessment, rubric, "MS", {"MS.G1.1": ItemInput(level="3")}, world.user_a)
    record(world.secretariat, "organisation", world.org_a.id, "update", field="park_id")
    db_session.commit()
    return world.secretariat.email


def _audit_rows(client: FlaskClient) -> str:
    return client.get("/audit/").get_data(as_text=True).split("<tbody>", 1)[1]


def test_the_audit_log_shows_actions_and_fields_in_words(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    auth.login(_audit_world(db_session))
    page = _audit_rows(client)
    for key in ("answer.update", "park_id", ">start<", "level:"):
        assert key not in page, key
    for words in (
        "修改答案",
        "评价项 MS.G1.1",
        "所在化工园区",
        "开始自评",
        "成熟度等级: 3",
        "草稿",
    ):
        assert words in page, words


def test_the_audit_log_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # The language is chosen before the first page: tests share one app context (and its
    # cached locale) across requests.
    auth.login(_audit_world(db_session))
    _english(client)
    page = _audit_rows(client)
    for words in (
        "Answer changed",
        "Item MS.G1.1",
        "Chemical park",
        "Maturity level: 3",
    ):
        assert words in page, words
    # Said once above the table, not on each row's time (QA47 S1: the time column wrapped).
    assert "times are Beijing time" in client.get("/audit/").get_data(as_text=True)
    assert "(Beijing time)" not in page


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh_CN", '<span lang="zh-CN">《中华人民共和国安全生产法》第五条</span>'),
        (
            "en",
            '<span class="gloss">Work Safety Law of the PRC Art. 5</span>'
            ' (<span lang="zh-CN">《中华人民共和国安全生产法》第五条</span>)',
        ),
    ],
)
def test_references_read_english_first_on_english_pages_beside_the_chinese_citation(
    app: Flask, lang: str, expected: str
) -> None:
    with app.test_request_context(), app.app_context():
        session["lang"] = lang
        assert str(cited_reference("《中华人民共和国安全生产法》第五条")) == expected
        assert (
            str(cited_reference("<b>GB/T 1</b>"))
            == '<span lang="zh-CN">&lt;b&gt;GB/T 1&lt;/b&gt;</span>'
        )


def test_the_chosen_language_is_remembered_for_e_mails(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    db_session.commit()
    auth.login(world.user_a.email)
    _english(client)
    db_session.refresh(world.user_a)
    assert world.user_a.language == "en"


DECREE_708 = "《生产安全事故应急条例》(国务院令第708号)"


def test_an_english_gloss_reads_document_numbers_and_marks_codes_chinese(app: Flask) -> None:
    with app.test_request_context(), app.app_context():
        session["lang"] = "en"
        shown = str(cited_reference(f"{DECREE_708}；安监总管三〔2017〕1号"))
    # the Chinese beside it, less the code the gloss already shows in Chinese (qa64 p1)
    assert shown == (
        '<span class="gloss">Regulations on Emergency Response to Work Safety Accidents'
        ' (State Council Decree No. 708); <span lang="zh-CN">安监总管三〔2017〕1号</span></span>'
        f' (<span lang="zh-CN">{DECREE_708}</span>)'
    )


def test_the_chosen_language_follows_the_user_to_another_browser(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    db_session.commit()
    auth.login(world.user_a.email)
    _english(client)
    auth.logout()
    other_browser = app.test_client()
    AuthActions(other_browser).login(world.user_a.email)
    assert '<html lang="en"' in other_browser.get("/").get_data(as_text=True)


def test_a_language_chosen_before_logging_in_wins_and_is_stored(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    world.user_a.language = "zh_CN"
    db_session.commit()
    _english(client)
    auth.login(world.user_a.email)
    assert '<html lang="en"' in client.get("/").get_data(as_text=True)
    db_session.refresh(world.user_a)
    assert world.user_a.language == "en"


@pytest.mark.parametrize(
    ("typed", "chosen"),
    [("zh", "zh_CN"), ("zh-CN", "zh_CN"), ("ZH_cn", "zh_CN"), ("en-US", "en"), ("EN", "en")],
)
def test_a_language_link_written_another_way_still_switches(
    client: FlaskClient, typed: str, chosen: str
) -> None:
    other = "en" if chosen == "zh_CN" else "zh_CN"
    client.get(f"/lang/{other}")
    assert client.get(f"/lang/{typed}?next=/login").headers["Location"] == "/login"
    with client.session_transaction() as stored:
        assert stored["lang"] == chosen


def test_an_unknown_language_code_changes_nothing(client: FlaskClient) -> None:
    client.get("/lang/en")
    client.get("/lang/fr")
    with client.session_transaction() as stored:
        assert stored["lang"] == "en"


def test_outside_a_request_the_language_is_chinese_unless_forced(app: Flask) -> None:
    """A service run by a CLI command, a job or a test's setup has no session to ask."""
    from flask_babel import force_locale, refresh

    from rcapp.i18n import current_lang, gettext

    with app.app_context():
        refresh()
        assert current_lang() == "zh"
        assert gettext("其他用户") == "其他用户"
        with force_locale("en"):
            assert current_lang() == "en"
