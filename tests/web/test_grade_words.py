"""An event grade has one word in every place that names it, in both languages."""

from __future__ import annotations

import pytest
from flask import Flask
from flask_babel import force_locale

from rcapp.assessments.forms import GRADE_LABELS
from rcapp.assessments.messages import grade_text
from rcapp.audit.labels import value_label
from rcapp.rubrics.model import EventGrade


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("zh_CN", ["一般", "较大", "重大", "特别重大"]),
        ("en", ["General", "Larger", "Major", "Especially major"]),
    ],
)
def test_the_form_the_messages_and_the_audit_log_name_a_grade_alike(
    app: Flask, locale: str, words: list[str]
) -> None:
    with app.test_request_context(), force_locale(locale):
        assert [grade_text(grade.value) for grade in EventGrade] == words
        assert [str(GRADE_LABELS[grade]) for grade in EventGrade] == words
        assert [value_label(grade.value, "grade") for grade in EventGrade] == words
        assert grade_text("unknown") == "unknown"  # a value no rubric knows, as stored
