"""translation_memo.kept: one look-up per label within the block, plain str() outside."""

from __future__ import annotations

from rcapp.translation_memo import kept, translations_kept


class _Label:
    def __init__(self, text: str) -> None:
        self.text = text
        self.looked_up = 0

    def __str__(self) -> str:
        self.looked_up += 1
        return self.text


def test_a_label_is_looked_up_once_within_the_block_and_each_time_outside() -> None:
    label = _Label("单位")
    with translations_kept():
        assert [kept(label) for _ in range(5)] == ["单位"] * 5
    assert label.looked_up == 1
    assert kept(label) == "单位"
    assert kept(label) == "单位"
    assert label.looked_up == 3


def test_each_block_starts_afresh() -> None:
    label = _Label("Organisation")
    with translations_kept():
        kept(label)
    label.text = "单位"  # another language in the next block
    with translations_kept():
        assert kept(label) == "单位"
