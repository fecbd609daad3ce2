"""A yes/no item's refusals speak of 是 / 否, not of levels (the decision's choices already do).

The "adjusted to the self level" refusal said 调整后的等级与自评等级相同 and the missing-level
refusal 请选择 0–1 之间的等级 on a yes/no item, whose page offers 接受自评（是） and 改为“否”.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict
from wtforms.validators import ValidationError

from rcapp.reviews import errors
from rcapp.reviews.forms import DecisionForm
from rcapp.reviews.messages import refusal_text

SAME = {
    ("zh_CN", 1): "MS.G1.2：改后的答案与自评答案（是）相同；"
    "如认可自评答案，请选择“接受自评（是）”。",
    ("zh_CN", 0): "MS.G1.2：改后的答案与自评答案（否）相同；"
    "如认可自评答案，请选择“接受自评（否）”。",
    ("en", 1): "MS.G1.2: the changed answer is the same as the self-assessed answer (Yes); if you "
    "agree with it, choose “Accept the self-assessment (yes)”.",
    ("en", 0): "MS.G1.2: the changed answer is the same as the self-assessed answer (No); if you "
    "agree with it, choose “Accept the self-assessment (no)”.",
}


def _form(level: str, self_level: int, binary: bool, scale: int, item: str) -> DecisionForm:
    posted = MultiDict({f"d-{item}-decision": "adjust", f"d-{item}-level": level})
    return DecisionForm(formdata=posted, prefix=f"d-{item}").configure(
        scale, False, self_level, item, binary
    )


@pytest.mark.parametrize(("locale", "answer"), list(SAME))
def test_adjusting_a_yes_no_item_to_its_own_answer_says_the_answer(
    app: Flask, locale: str, answer: int
) -> None:
    # validate() turns 改为“否” into the other answer, so this last guard is asked only
    # directly; it words the refusal in answers all the same.
    with app.test_request_context(), force_locale(locale):
        form = _form(str(answer), answer, True, 1, "MS.G1.2")
        with pytest.raises(ValidationError) as refused:
            form.validate_level(form.level)
    assert str(refused.value) == SAME[(locale, answer)]


def test_a_level_item_still_speaks_of_levels(app: Flask) -> None:
    with app.test_request_context(), force_locale("zh_CN"):
        form = _form("4", 4, False, 4, "MS.G1.1")
        with pytest.raises(ValidationError) as refused:
            form.validate_level(form.level)
    assert "调整后的等级与自评等级相同" in str(refused.value)


@pytest.mark.parametrize(
    ("locale", "scale", "expected"),
    [
        ("zh_CN", 1, "MS.G1.2：请选择“是”或“否”。"),
        ("en", 1, "MS.G1.2: choose Yes or No."),
        ("zh_CN", 4, "MS.G1.1：请选择 0–4 之间的等级。"),
    ],
)
def test_a_missing_answer_on_a_yes_no_item_asks_for_yes_or_no(
    app: Flask, locale: str, scale: int, expected: str
) -> None:
    item = "MS.G1.2" if scale == 1 else "MS.G1.1"
    with app.test_request_context(), force_locale(locale):
        assert refusal_text(errors.LevelRequired(item, scale)) == expected
