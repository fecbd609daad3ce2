"""Words every request works out, kept per process by what they are made of.

A read-only section page asks for its lock notice on every request, and every request for
its locale: both are kept (lock_words, i18n), so a notice must follow each fact it says
and the language, and the locale the session's choice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from flask import Flask, session
from flask_babel import force_locale, get_locale

from rcapp.assessments.facts import AssessmentFacts, CycleFacts, OrganisationFacts
from rcapp.assessments.lock_words import lock_notice
from rcapp.assessments.models import AssessmentStatus
from rcapp.cycles.models import CycleStatus
from rcapp.i18n import LANG_SESSION_KEY

_SUBMITTED = AssessmentFacts(
    id=1,
    organisation_id=1,
    status=AssessmentStatus.SUBMITTED,
    return_round=0,
    rubric_id="mini-company",
    rubric_version=1,
    rubric_sha256="0" * 64,
    organisation=OrganisationFacts(1, "甲化工有限公司", None),
    cycle=CycleFacts(2025, CycleStatus.OPEN),
    submitted_at=dt.datetime(2025, 11, 3, 2, 30, tzinfo=dt.UTC),
    submitted_by_id=7,
    submitted_by_name="张三",
    review_underway=False,
)


def _notice(app: Flask, facts: AssessmentFacts, member: bool, lang: str = "zh_CN") -> str:
    with app.test_request_context():
        session[LANG_SESSION_KEY] = lang
        notice = lock_notice(facts, member)
        assert notice is not None
        return f"{notice.why}|{notice.what}"


def test_a_kept_lock_notice_follows_each_fact_it_says_and_the_language(app: Flask) -> None:
    first = _notice(app, _SUBMITTED, True)
    assert "张三" in first
    assert "10:30" in first
    assert "同行评审" not in first
    assert _notice(app, _SUBMITTED, True) == first

    renamed = dataclasses.replace(_SUBMITTED, submitted_by_name="李四")
    assert "李四" in _notice(app, renamed, True)
    later = dataclasses.replace(
        _SUBMITTED, submitted_at=dt.datetime(2025, 11, 4, 1, 0, tzinfo=dt.UTC)
    )
    assert "2025-11-04 09:00" in _notice(app, later, True)
    assert "同行评审" in _notice(app, dataclasses.replace(_SUBMITTED, review_underway=True), True)
    assert _notice(app, _SUBMITTED, False).endswith("|None")  # not a member: whom to ask unsaid
    closed = dataclasses.replace(_SUBMITTED, cycle=CycleFacts(2025, CycleStatus.CLOSED))
    assert "2025 年度已关闭" in _notice(app, closed, True)
    english = _notice(app, _SUBMITTED, True, "en")
    assert "submitted on" in english
    assert "张三 (Zhang San)" in english  # the pinyin, as the header names people (qa64 p2)
    assert "(Zhang San)" not in first
    assert _notice(app, _SUBMITTED, True) == first  # and back


def test_the_locale_follows_the_sessions_choice_parsed_once(app: Flask) -> None:
    seen = []
    for lang in ("zh_CN", "en", "zh_CN", "en"):
        with app.test_request_context():
            session[LANG_SESSION_KEY] = lang
            seen.append(get_locale())
            with force_locale("en"):
                assert str(get_locale()) == "en"
    assert [(locale.language, locale.territory) for locale in seen] == [
        ("zh", "CN"),
        ("en", None),
        ("zh", "CN"),
        ("en", None),
    ]
    assert seen[0] is seen[2]
    assert seen[1] is seen[3]
    with app.test_request_context():
        chosen = get_locale()
        assert chosen is seen[0]  # nothing chosen: Chinese
