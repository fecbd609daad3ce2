"""A value item's capped level names the number typed, not a level "self-assessed" (qa22 S9).

PK3.E1.1 (the park's safety-risk score) with 72 typed and only a description read
"目前按等级 2 计（自评 3 级）…": the park typed a score, not a level.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask
from flask_babel import force_locale

from rcapp.assessments.completeness import evidence_caps
from rcapp.assessments.views.evidence_words import cap_text
from rcapp.rubrics.registry import RubricRegistry

RUBRIC = RubricRegistry(Path(__file__).resolve().parents[2] / "rubrics").get("rc-park", 2).rubric


@dataclass(frozen=True)
class _Answer:
    level: int | None = None
    value: Decimal | None = None
    is_na: bool = False
    na_reason: str | None = None
    evidence_note: str | None = None


@pytest.mark.parametrize(
    ("lang", "said", "not_said"),
    [
        (
            "zh_CN",
            "目前按成熟度等级 2 计（填写 72 分，对应成熟度等级 3）：成熟度等级 3 及以上须上传证据"
            "文件，证据说明不够。上传文件后按成熟度等级 3 计。",
            "自评",
        ),
        (
            "en",
            "Counts as maturity level 2 now (72 points entered, i.e. maturity level 3): maturity "
            "level 3 and above need an uploaded file, a description is not enough. Upload a file "
            "to count maturity level 3.",
            "answered",
        ),
    ],
)
def test_a_typed_score_is_named_with_the_level_it_gives(
    app: Flask, lang: str, said: str, not_said: str
) -> None:
    answers = {"PK3.E1.1": _Answer(value=Decimal("72.00"), evidence_note="省级复核意见")}
    (capped,) = evidence_caps(RUBRIC, answers, set(), {"PK3"})
    assert (capped.claimed, capped.counted, capped.value) == (3, 2, Decimal(72))
    with app.test_request_context(), force_locale(lang):
        text = cap_text(RUBRIC.item_index()["PK3.E1.1"], capped)
    assert text == said
    assert not_said not in text


@pytest.mark.parametrize(("lang", "said"), [("zh_CN", "（自评 3 级）"), ("en", "(answered 3)")])
def test_a_level_item_still_says_the_level_answered(app: Flask, lang: str, said: str) -> None:
    answers = {"PK3.E1.2": _Answer(level=3, evidence_note="整改台账")}
    (capped,) = evidence_caps(RUBRIC, answers, set(), {"PK3"})
    assert capped.value is None
    with app.test_request_context(), force_locale(lang):
        assert said in cap_text(RUBRIC.item_index()["PK3.E1.2"], capped)
