"""English glosses of rubric references: law names, articles, clauses, amendments."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rcapp.references import (
    LAW_GLOSSES,
    chinese_number,
    citation_left_to_show,
    english_gloss,
    unglossed_parts,
)
from rcapp.rubrics.registry import RubricRegistry


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


REGISTRY = RubricRegistry(Path(__file__).resolve().parents[2] / "rubrics")


@pytest.mark.parametrize(("rubric_id", "version"), REGISTRY.versions())
def test_every_chinese_citation_shown_on_english_pages_has_a_gloss(
    rubric_id: str, version: int
) -> None:
    """A citation by its document number alone (安监总管三〔2013〕88号) was shown to English
    readers in Chinese only (qa11 D1): every reference of every shipped version is read."""
    rubric = REGISTRY.get(rubric_id, version).rubric
    references = [i.reference for _s, _e, i in rubric.iter_items() if i.reference]
    references += [p.reference for p in rubric.prerequisites if p.reference]
    assert references
    assert {r: unglossed_parts(r) for r in references if unglossed_parts(r)} == {}


def test_a_citation_by_number_alone_reads_the_documents_title() -> None:
    assert english_gloss("AQ/T 3049-2013；安监总管三〔2013〕88号") == (
        "AQ/T 3049-2013; SAWS Guiding Opinions on Strengthening Chemical Process Safety "
        "Management (2013)"
    )
    assert unglossed_parts("安监总管三〔2099〕1号；GB 30871-2022") == ["安监总管三〔2099〕1号"]


GUIDE = "《化工园区安全风险排查治理导则》"
LAW = "《中华人民共和国安全生产法》第五条"


@pytest.mark.parametrize(
    ("reference", "left"),
    [
        # the number the gloss keeps in Chinese is not repeated beside it (qa64 p1)
        (f"{GUIDE}(应急〔2023〕123号)", GUIDE),
        (f"{GUIDE}（应急〔2023〕123号）", GUIDE),
        # a title the gloss translates stays beside it, the authoritative citation (qa50 #10)
        (LAW, LAW),
        # a part the gloss shows whole (an unknown code kept in Chinese) is left out
        (f"{LAW}；安监总管三〔2017〕1号", LAW),
    ],
)
def test_the_citation_beside_a_gloss_leaves_out_what_the_gloss_shows(
    reference: str, left: str
) -> None:
    gloss = english_gloss(reference)
    assert gloss is not None
    assert citation_left_to_show(reference, gloss.striptags()) == left


def test_nothing_is_left_beside_a_gloss_that_shows_the_whole_citation() -> None:
    assert citation_left_to_show("安监总管三〔2017〕1号", "SAWS 安监总管三〔2017〕1号") == ""
