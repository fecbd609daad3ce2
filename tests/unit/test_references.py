"""English glosses of rubric references: law names, articles, clauses, amendments."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rcapp.references import LAW_GLOSSES, chinese_number, english_gloss


@pytest.mark.parametrize(
    ("text", "number"),
    [("五", 5), ("十", 10), ("十五", 15), ("二十一", 21), ("四十九", 49), ("一百零三", 103)],
)
def test_chinese_numbers(text: str, number: int) -> None:
    assert chinese_number(text) == number


@pytest.mark.parametrize(
    ("reference", "gloss"),
    [
        (
            "《中华人民共和国安全生产法》(2021修正) 第五条、第二十一条",
            "Work Safety Law of the PRC (amended 2021) Art. 5, Art. 21",
        ),
        (
            "HG/T 4184-2011《责任关怀实施准则》",
            "HG/T 4184-2011 Responsible Care Code of Practice",
        ),
        (
            "GB/T 45001-2020 第5.2条；GB/T 24001-2016 第5.2条",
            "GB/T 45001-2020 cl. 5.2; GB/T 24001-2016 cl. 5.2",
        ),
        ("GB/T 33000-2016", None),  # a standard number needs no gloss
        ("《某未收录办法》", None),  # unknown names are not guessed
    ],
)
def test_english_gloss(reference: str, gloss: str | None) -> None:
    assert english_gloss(reference) == gloss


def test_every_law_the_rubrics_cite_has_a_gloss() -> None:
    rubrics = Path(__file__).resolve().parents[2] / "rubrics"
    cited = {
        name
        for path in rubrics.rglob("*.yaml")
        for line in path.read_text(encoding="utf-8").splitlines()
        if "reference:" in line
        for name in re.findall(r"《([^》]+)》", line)
    }
    assert cited - set(LAW_GLOSSES) == set()
