"""A number item's level words stay within the item's bounds (qa50 #5): 105 on a 0-100 %
item got its error and "The number 105 gives maturity level 4" at once, and the ladder promised
"100 % or more" on an item that refuses more than 100.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask
from flask_babel import force_locale

from rcapp.assessments.views.number_level_words import number_level_text
from rcapp.rubrics.model import Item

PERCENT = Item.model_validate(
    {
        "id": "C2.E6.3",
        "kind": "number",
        "prompt": {"zh": "合规率", "en": "Compliance"},
        "unit": {"zh": "%", "en": "%"},
        "min": 0,
        "max": 100,
        "better": "higher",
        "bands": [{"value": 60, "level": 2}, {"value": 100, "level": 4}],
    }
)
LADDER = {
    "zh_CN": "数值对应的成熟度等级：60 %及以上为成熟度等级 2；100 %为成熟度等级 4。",
    "en": "100 %: maturity level 4",
}
REACHED = {"zh_CN": "数值 {value} 对应成熟度等级", "en": "The number {value} gives maturity level"}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize(
    ("typed", "said"),
    [("105", False), ("-1", False), ("100", True), ("0", True), ("70", True), ("abc", False)],
)
def test_the_level_is_said_only_for_a_number_the_item_accepts(
    app: Flask, lang: str, typed: str, said: bool
) -> None:
    with app.test_request_context(), force_locale(lang):
        text = number_level_text(PERCENT, typed)
    assert (REACHED[lang].format(value=typed) in text) is said
    assert LADDER[lang] in text


def test_a_band_below_the_bound_still_reads_or_more(app: Flask) -> None:
    open_ended = PERCENT.model_copy(update={"max": None})
    with app.test_request_context(), force_locale("en"):
        text = number_level_text(open_ended, Decimal(105))
    assert "100 % or more: maturity level 4" in text
    assert "The number 105 gives maturity level 4" in text
