import pytest

from rcapp.written_language import any_chinese, written_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("演练记录不完整", "zh-CN"),
        ("Drill record PJ-07 缺签字", "zh-CN"),  # mixed: written by a Chinese reviewer
        ("PJ-07（第 3 版）", "zh-CN"),  # full-width brackets only: typed in Chinese
        ("㐀", "zh-CN"),  # extension A
        ("Drill record incomplete", None),
        ("王", "zh-CN"),
        ("", None),
        (None, None),
        (42, None),
    ],
)
def test_the_language_a_text_was_written_in(text: object, language: str | None) -> None:
    assert written_language(text) == language


def test_any_chinese_among_several_texts() -> None:
    assert any_chinese(["Owner: Li", None, "演练记录"])
    assert not any_chinese(["Owner: Li", None, ""])
    assert not any_chinese([])
