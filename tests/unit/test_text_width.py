"""Text is cut by the room it takes, so English keeps about as much as Chinese (QA52 m6).

"C1.E5.1 The company has a…" beside 25 Chinese characters: a cut by characters left English
three or four words.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rcapp.audit.labels import short_title
from rcapp.text_width import cut_to_width, width

ZH = "企业依据风险评估和应急资源调查，编制了综合应急预案、专项应急预案和现场处置方案"
EN = (
    "The company has an emergency plan based on its risk assessment and a survey of its "
    "emergency resources"
)


@pytest.mark.parametrize(
    ("text", "columns", "expected"),
    [
        ("短标题", 50, "短标题"),
        ("Short title", 50, "Short title"),
        ("  spaced   out  ", 50, "spaced out"),
        (ZH, 50, ZH[:25] + "…"),
        (EN, 50, "The company has an emergency plan based on its…"),
        ("abcdefghij", 4, "abcd…"),  # one long word: cut inside it
        ("甲乙丙 丁", 5, "甲乙…"),
    ],
)
def test_cut_to_width(text: str, columns: int, expected: str) -> None:
    assert cut_to_width(text, columns) == expected


def test_an_item_title_keeps_about_as_much_in_english_as_in_chinese() -> None:
    zh, en = short_title(ZH), short_title(EN)
    assert len(zh) == 26  # 25 characters and "…"
    assert len(en.split()) >= 8  # not "The company has an…"
    assert abs(width(zh) - width(en)) <= 10


@given(st.text(alphabet="ab 中文，", max_size=80), st.integers(min_value=2, max_value=60))
def test_a_cut_text_fits_its_room_and_begins_the_text(text: str, columns: int) -> None:
    cut = cut_to_width(text, columns)
    plain = " ".join(text.split())
    if cut == plain:
        assert width(cut) <= columns
    else:
        assert cut.endswith("…")
        assert width(cut) - 1 <= columns
        assert plain.startswith(cut[:-1])
