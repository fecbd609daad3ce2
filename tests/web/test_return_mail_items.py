"""The return e-mail joins an item's prompt and its note with one colon, in both languages.

Before: "…安全生产责任保险。：工伤保险缴纳证明未上传" (the prompt's full stop, then "：").
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments import return_mail
from rcapp.assessments.return_mail import item_line
from tests.factories import make_user, make_world, submitted_assessment


@pytest.mark.parametrize(
    ("locale", "prompt", "expected"),
    [
        (
            "zh_CN",
            "依法为从业人员缴纳工伤保险和安全生产责任保险。",
            "依法为从业人员缴纳工伤保险和安全生产责任保险：证明未上传",
        ),
        ("zh_CN", "是否每年开展演练？", "是否每年开展演练：证明未上传"),
        ("zh_CN", "每年至少一次综合演练并评估", "每年至少一次综合演练并评估：证明未上传"),
        ("en", "Work-injury insurance is paid.", "Work-injury insurance is paid: 证明未上传"),
        ("en", "Drills are evaluated:", "Drills are evaluated: 证明未上传"),
        ("en", "At least one drill a year", "At least one drill a year: 证明未上传"),
    ],
)
def test_one_colon_between_prompt_and_note(
    app: Flask, locale: str, prompt: str, expected: str
) -> None:
    with app.test_request_context(), force_locale(locale):
        assert item_line(prompt, "证明未上传") == expected


class _Prompt:
    def get(self, lang: str) -> str:
        return "Work-injury insurance is paid." if lang == "en" else "依法缴纳安全生产责任保险。"


class _Rubric:
    def item_index(self) -> dict[str, SimpleNamespace]:
        return {"MS.G5.4": SimpleNamespace(id="MS.G5.4", prompt=_Prompt())}


def test_the_return_mail_lists_items_without_doubled_punctuation(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    english = make_user(world.org_a, email="en@example.cn")
    english.language = "en"
    monkeypatch.setattr(return_mail, "rubric_of", lambda _assessment: _Rubric())
    messages = return_mail.queue_return_notice(
        assessment, world.secretariat, {"MS.G5.4": "工伤保险缴纳证明未上传"}
    )
    bodies = {m.to_address: m.body for m in messages}
    assert (
        "- MS.G5.4 依法缴纳安全生产责任保险：工伤保险缴纳证明未上传" in bodies[world.user_a.email]
    )
    assert (
        "- MS.G5.4 Work-injury insurance is paid: 工伤保险缴纳证明未上传" in bodies[english.email]
    )
    assert all("。：" not in body and ".:" not in body for body in bodies.values())
